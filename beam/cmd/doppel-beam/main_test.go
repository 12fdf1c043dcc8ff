package main

import (
	"flag"
	"slices"
	"testing"
)

func TestSplitArgs(t *testing.T) {
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	fs.String("runner", "", "")
	fs.String("endpoint", "", "")
	fs.Bool("async", false, "")
	args := []string{"dedupe", "--runner=flink", "--endpoint", "localhost:8099", "--async", "--rules", "r.conf", "--out", "o", "a.csv", "--", "--runner"}
	b, r := splitArgs(fs, args)
	if want := []string{"--runner=flink", "--endpoint", "localhost:8099", "--async"}; !slices.Equal(b, want) {
		t.Errorf("beam args %q, want %q", b, want)
	}
	if want := []string{"dedupe", "--rules", "r.conf", "--out", "o", "a.csv", "--", "--runner"}; !slices.Equal(r, want) {
		t.Errorf("rest %q, want %q", r, want)
	}
}
