package cli

import (
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"6GiB", 6 << 30, true},
		{"6gib", 6 << 30, true},
		{"4000MiB", 4000 << 20, true},
		{"2GB", 2e9, true},
		{"1.5GiB", 3 << 29, true},
		{"134217728", 128 << 20, true},
		{"off", 0, true},
		{"0", 0, true},
		{"12", 0, false},    // 12 bytes: too small to be meant
		{"1MiB", 0, false},  // below 64 MiB
		{"-1GiB", 0, false}, // negative
		{"six", 0, false},
		{"", 0, false},
		{"1e30GB", 0, false},
	}
	for _, c := range cases {
		got, err := parseSize(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
	var m memoryLimit
	if err := m.Set("6GiB"); err != nil || m.String() != "6GiB" || !m.set {
		t.Errorf("Set/String: %q %v %v", m.String(), err, m.set)
	}
}

func TestSourceFlags(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	in := addInputFlags(fs, "rules")
	err := fs.Parse([]string{"--source", "crm2=d2/crm.csv", "--source", " shop =s.csv", "--strict"})
	if err != nil {
		t.Fatal(err)
	}
	if got := in.files([]string{"d1/crm.csv", "./s.csv"}); !slices.Equal(got, []string{"d1/crm.csv", "./s.csv", "d2/crm.csv"}) {
		t.Errorf("files = %q", got)
	}
	set, err := in.resolve()
	if err != nil {
		t.Fatal(err)
	}
	if !set.Rules.Strict {
		t.Error("--strict not set")
	}
	for p, want := range map[string]string{"d2/crm.csv": "crm2", "s.csv": "shop", "d1/crm.csv": ""} {
		if s, ok := set.Rules.SourceFor(p); ok != (want != "") || s.Name != want {
			t.Errorf("SourceFor(%q) = %q, %v; want %q", p, s.Name, ok, want)
		}
	}
	for _, bad := range []string{"crm", "=x.csv", "crm="} {
		if err := fs.Parse([]string{"--source", bad}); err == nil {
			t.Errorf("--source %q: no error", bad)
		}
	}
	fs = flag.NewFlagSet("y", flag.ContinueOnError)
	in = addInputFlags(fs, "rules")
	if err := fs.Parse([]string{"--source", "a=x.csv", "--source", "a=y.csv"}); err != nil {
		t.Fatal(err)
	}
	if _, err := in.resolve(); err == nil || !strings.Contains(err.Error(), "--source a is given twice") {
		t.Errorf("twice: %v", err)
	}
	fs = flag.NewFlagSet("z", flag.ContinueOnError)
	in = addInputFlags(fs, "rules")
	if set, err := in.resolve(); err != nil || set.Rules != nil {
		t.Errorf("no flags: rules %v, %v", set.Rules, err)
	}
}
