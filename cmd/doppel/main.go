// Command doppel finds the same customer hiding in many records and builds
// one golden record for each. See the README or run 'doppel --help'.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/doppel-dev/doppel/cli"
	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	})
	stop()
	os.Exit(code)
}
