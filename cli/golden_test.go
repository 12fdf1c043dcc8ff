package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// update rewrites the expectations of the golden cases:
//
//	go test ./cli -run TestGolden -update
var update = flag.Bool("update", false, "rewrite the expected files of testdata/golden")

const goldenDir = "testdata/golden"

// TestGolden runs every case of testdata/golden in-process through Run and
// compares stdout, stderr, the exit code and the output folder with the
// expected files. See testdata/golden/README.md for the layout of a case.
func TestGolden(t *testing.T) {
	ents, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) { runGolden(t, filepath.Join(goldenDir, e.Name())) })
	}
	if n == 0 {
		t.Fatal("no golden cases")
	}
}

// goldenResult is what a case produced, normalised.
type goldenResult struct {
	stdout, stderr, code string
	outputs              map[string]string // path under {out} -> content; nil when the case has no {out}
}

func runGolden(t *testing.T, dir string) {
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(filepath.Join(dir, "files"))); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	expand := func(file string) []string {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return nil
		}
		args := []string{}
		if len(b) == 0 {
			return args
		}
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			args = append(args, strings.NewReplacer("{tmp}", tmp, "{out}", filepath.Join(tmp, "out")).Replace(l))
		}
		return args
	}
	args := expand("args")
	if args == nil {
		t.Fatalf("%s/args: missing", dir)
	}
	if setup := expand("setup"); setup != nil {
		var so, se bytes.Buffer
		if code := Run(context.Background(), setup, Env{Stdout: &so, Stderr: &se}); code != 0 {
			t.Fatalf("setup %q: exit %d\n%s", setup, code, se.String())
		}
	}
	stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := os.Stat(filepath.Join(dir, "cancel")); err == nil {
		cancel() // as if Ctrl-C came before the run started
	}
	var stdout, stderr bytes.Buffer
	code := Run(ctx, args, Env{Stdin: bytes.NewReader(stdin), Stdout: &stdout, Stderr: &stderr})

	got := goldenResult{
		stdout: normalizeGolden(stdout.String(), tmp),
		stderr: normalizeGolden(stderr.String(), tmp),
		code:   strconv.Itoa(code) + "\n",
	}
	out := filepath.Join(tmp, "out")
	if slices.ContainsFunc(readLines(filepath.Join(dir, "args")), func(a string) bool { return strings.Contains(a, "{out}") }) {
		got.outputs = readTree(t, out, tmp)
	}
	checkNoTempFiles(t, tmp)

	if *update {
		writeGolden(t, dir, got)
		return
	}
	for _, f := range []struct{ name, got string }{{"stdout", got.stdout}, {"stderr", got.stderr}, {"code", got.code}} {
		want, err := os.ReadFile(filepath.Join(dir, f.name))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if string(want) != f.got {
			t.Errorf("%s differs (go test ./cli -run TestGolden -update rewrites it)\n%s", f.name, diff(string(want), f.got))
		}
	}
	if got.outputs == nil {
		return
	}
	want := readTree(t, filepath.Join(dir, "out"), "")
	for _, name := range sortedKeys(want, got.outputs) {
		w, wok := want[name]
		g, gok := got.outputs[name]
		switch {
		case !gok:
			t.Errorf("output %s: not written", name)
		case !wok:
			t.Errorf("output %s: written, not expected", name)
		case w != g:
			t.Errorf("output %s differs\n%s", name, diff(w, g))
		}
	}
}

// Normalisation: only what changes from run to run.
var (
	// "120 golden records (...) in 0.1s"
	reSeconds = regexp.MustCompile(`(?m)^(\d+ golden records .*) in \d+\.\ds$`)
	// "timings_ms": {...} in summary.json (indented) and report.html (inline)
	reTimings = regexp.MustCompile(`("timings_ms": ?\{)[^}]*\}`)
	reNumber  = regexp.MustCompile(`-?\d+(\.\d+)?(e[-+]?\d+)?`)
	// the audit's "generated_at" (audit.json) and "Generated ..." (audit.html)
	reGenerated = regexp.MustCompile(`("generated_at": ?"|Generated )\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[-+]\d\d:\d\d)`)
	// temporary files of the atomic writers: .name.tmp-123456
	reTempFile = regexp.MustCompile(`\.tmp-\d+`)
)

// normalizeGolden replaces the case's temporary folder with {tmp}, the run
// time with {seconds}, every timing in milliseconds with 0, the audit's
// time of generation with {time} and the random part of a temporary file
// name with *.
func normalizeGolden(s, tmp string) string {
	if tmp != "" {
		s = strings.ReplaceAll(s, tmp, "{tmp}")
	}
	s = reSeconds.ReplaceAllString(s, "$1 in {seconds}s")
	s = reGenerated.ReplaceAllString(s, "${1}{time}")
	s = reTimings.ReplaceAllStringFunc(s, func(m string) string {
		open := reTimings.FindStringSubmatch(m)[1]
		return open + reNumber.ReplaceAllString(m[len(open):], "0")
	})
	return reTempFile.ReplaceAllString(s, ".tmp-*")
}

// readTree returns the files under root by slash path, normalised for
// the case folder tmp (none when tmp is ""); nil when root does not exist.
func readTree(t *testing.T, root, tmp string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if tmp != "" {
			b = []byte(normalizeGolden(string(b), tmp))
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// checkNoTempFiles: the atomic writers leave nothing behind, whatever the
// outcome.
func checkNoTempFiles(t *testing.T, root string) {
	t.Helper()
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && reTempFile.MatchString(d.Name()) {
			t.Errorf("leftover temporary file %s", p)
		}
		return nil
	})
}

func writeGolden(t *testing.T, dir string, got goldenResult) {
	t.Helper()
	for name, content := range map[string]string{"stdout": got.stdout, "stderr": got.stderr, "code": got.code} {
		p := filepath.Join(dir, name)
		if content == "" && name != "code" {
			if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out")
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	for name, content := range got.outputs {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readLines(p string) []string {
	b, _ := os.ReadFile(p)
	return strings.Split(string(b), "\n")
}

func sortedKeys(a, b map[string]string) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// diff shows the first differing line of want and got, with its number.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl || i >= len(w) || i >= len(g) {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, wl, gl)
		}
	}
	return "(equal lines; differs in line endings)"
}

// TestNormalize: the golden normalisation removes only what changes from
// run to run.
func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"/tmp/x1/out/a.csv", "{tmp}/out/a.csv"},
		{"120 golden records (93 clusters of 2 or more, largest 4) in 0.1s\n", "120 golden records (93 clusters of 2 or more, largest 4) in {seconds}s\n"},
		{"in 0.1s\n", "in 0.1s\n"},
		{"\"timings_ms\": {\n    \"match\": 27.442,\n    \"read\": 2e-3\n  },\n  \"x\": 1.5", "\"timings_ms\": {\n    \"match\": 0,\n    \"read\": 0\n  },\n  \"x\": 1.5"},
		{`{"counts":{"read":3},"timings_ms":{"a.b":0.8,"c":12}}`, `{"counts":{"read":3},"timings_ms":{"a.b":0,"c":0}}`},
		{"create /o/.audit.json.tmp-123456: full", "create /o/.audit.json.tmp-*: full"},
		{`  "generated_at": "2026-12-02T05:06:04Z",`, `  "generated_at": "{time}",`},
		{`<p>Generated 2026-12-02T05:06:04.5+01:00 with rules`, `<p>Generated {time} with rules`},
		{`"created": "2026-12-02T05:06:04Z"`, `"created": "2026-12-02T05:06:04Z"`},
	}
	for _, c := range cases {
		if got := normalizeGolden(c.in, "/tmp/x1"); got != c.want {
			t.Errorf("normalizeGolden(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
