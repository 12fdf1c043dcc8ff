package spill

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestDir writes, rewinds and reads a spill file, and checks that Close
// leaves nothing behind and that an unusable parent is an error.
func TestDir(t *testing.T) {
	parent := t.TempDir()
	d := &Dir{Parent: parent}
	f, err := d.Create()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("abc")); err != nil {
		t.Fatal(err)
	}
	if err := f.Rewind(); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil || string(b) != "abc" {
		t.Fatalf("read back %q, %v", b, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Create(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	bad := &Dir{Parent: filepath.Join(parent, "missing", "deeper")}
	if _, err := bad.Create(); err == nil {
		t.Error("Create in a missing folder succeeded")
	}
}
