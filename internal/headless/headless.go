// Package headless runs Debian's headless Chromium for the browser tests of
// the HTML reports (audit.html, report.html). It is a test helper: without
// a browser a test is skipped, except in CI (CI=true), where .ci/run
// installs the chromium package and a missing browser is a failure.
package headless

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Browser returns the path of Chromium, or skips (fails under CI) the test.
func Browser(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: CI must install it (apt-get install -y chromium); see .ci/run")
	}
	t.Skip("chromium not installed: skipping the browser test (apt-get update && apt-get install -y chromium to run it; CI runs it)")
	return ""
}

// Run runs headless Chromium with the flags this sandbox needs (no
// sandbox, no GPU, no background networking, a fresh profile) and args,
// and returns its stdout and stderr. A failure to run fails the test.
func Run(t testing.TB, bin string, args ...string) (stdout, stderr []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	if err := cmd.Run(); err != nil {
		s := se.String()
		if len(s) > 4000 {
			s = s[len(s)-4000:]
		}
		t.Fatalf("chromium %v: %v\n%s", args, err, s)
	}
	return so.Bytes(), se.Bytes()
}
