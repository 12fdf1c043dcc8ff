// Command csvfloor measures the floor for reading CSV exports: it parses the
// given files with encoding/csv (ReuseRecord, no other work) and prints rows
// and seconds. A dedupe run cannot read its inputs faster than this.
//
//	csvfloor [-d DELIM] FILE...
//	csvfloor -exec [-o FILE] -- COMMAND [ARG...]
//
// The delimiter of each file is sniffed from its header line (the most
// frequent of , ; TAB |) unless -d is given. A UTF-8 byte order mark is
// skipped. Rows that do not parse are counted and skipped.
//
// With -exec, csvfloor instead runs COMMAND, passes its exit code through
// and reports wall seconds and peak resident set size (from the child's
// rusage), like /usr/bin/time -v on machines that lack it.
//
// Output is one "key=value" line per file and a total line, so that scripts
// can pick values with grep/sed.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("csvfloor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	delim := fs.String("d", "", "field delimiter (default: sniffed per file from the header line)")
	execMode := fs.Bool("exec", false, "run the command after -- and report wall seconds and peak RSS")
	outPath := fs.String("o", "", "with -exec: write the report to this file instead of stderr")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: csvfloor [-d DELIM] FILE...\n       csvfloor -exec [-o FILE] -- COMMAND [ARG...]\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	if *execMode {
		return runExec(fs.Args(), *outPath, stderr)
	}
	var comma rune
	if *delim != "" {
		r := []rune(*delim)
		if *delim == `\t` {
			r = []rune{'\t'}
		}
		if len(r) != 1 {
			fmt.Fprintf(stderr, "csvfloor: -d must be one character, got %q\n", *delim)
			return 2
		}
		comma = r[0]
	}
	var rows, bad, size int64
	start := time.Now()
	for _, path := range fs.Args() {
		t0 := time.Now()
		n, b, sz, err := readFile(path, comma)
		if err != nil {
			fmt.Fprintf(stderr, "csvfloor: %v\n", err)
			return 1
		}
		secs := time.Since(t0).Seconds()
		fmt.Fprintf(stdout, "file=%s rows=%d bad=%d bytes=%d seconds=%.3f\n", path, n, b, sz, secs)
		rows, bad, size = rows+n, bad+b, size+sz
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stdout, "total rows=%d bad=%d bytes=%d seconds=%.3f rows_per_sec=%.0f mb_per_sec=%.1f\n",
		rows, bad, size, secs, float64(rows)/max(secs, 1e-9), float64(size)/1e6/max(secs, 1e-9))
	return 0
}

// readFile parses one file and returns data rows (header excluded), rows
// that failed to parse, and the file size.
func readFile(path string, comma rune) (rows, bad, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("read: %w", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	br := bufio.NewReaderSize(f, 1<<16)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	if comma == 0 {
		head, _ := br.Peek(64 << 10)
		comma = sniff(head)
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	first := true
	for {
		_, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad++
			continue
		}
		if err != nil {
			return rows, bad, size, fmt.Errorf("read %s: %w", path, err)
		}
		if first {
			first = false
			continue
		}
		rows++
	}
	return rows, bad, size, nil
}

// sniff returns the most frequent candidate delimiter in the first line.
func sniff(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, bestN := ',', 0
	for _, c := range []rune{',', ';', '\t', '|'} {
		if n := bytes.Count(head, []byte(string(c))); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

// runExec runs argv, waits, and reports wall time and peak RSS.
func runExec(argv []string, outPath string, stderr io.Writer) int {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start).Seconds()
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
		if code < 0 {
			code = 128
		}
	case err != nil:
		fmt.Fprintf(stderr, "csvfloor: %v\n", err)
		return 127
	}
	var maxRSS int64 // KiB on Linux
	var user, sys float64
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			maxRSS = int64(ru.Maxrss)
		}
		user, sys = ps.UserTime().Seconds(), ps.SystemTime().Seconds()
	}
	w := stderr
	if outPath != "" {
		f, err := os.Create(outPath)
		if err != nil {
			fmt.Fprintf(stderr, "csvfloor: %v\n", err)
			return 1
		}
		defer f.Close()
		w = f
	}
	// The last line mimics /usr/bin/time -v so one parser serves both.
	fmt.Fprintf(w, "exec wall_seconds=%.3f user_seconds=%.3f sys_seconds=%.3f max_rss_kib=%d exit=%d\n", wall, user, sys, maxRSS, code)
	fmt.Fprintf(w, "\tElapsed (wall clock) time (seconds): %.3f\n\tMaximum resident set size (kbytes): %d\n", wall, maxRSS)
	return code
}
