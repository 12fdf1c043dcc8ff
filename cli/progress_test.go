package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressNeverGoesBack: reports from concurrent workers can cross; a
// late, smaller count must not move the bar back, and a new stage starts
// a new bar.
func TestProgressNeverGoesBack(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	p.update("compare", 50, 100)
	p.update("compare", 40, 100)
	if p.done != 50 {
		t.Fatalf("bar at %d after a late report of 40, want 50", p.done)
	}
	p.update("compare", 100, 100)
	p.update("merge", 5, 10)
	if p.stage != "merge" || p.done != 5 {
		t.Fatalf("new stage: %q at %d", p.stage, p.done)
	}
	p.finish()
	if !strings.Contains(buf.String(), "merge") {
		t.Fatalf("no bar drawn for merge: %q", buf.String())
	}
}
