package rules

import (
	"path/filepath"
	"strings"
	"testing"
)

// inDir runs f with the working directory set to a new temporary folder.
func inDir(t *testing.T, f func(dir string)) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	f(dir)
}

// TestSourceForPaths: a file setting with '/' is a path or glob relative to
// the rules file's folder, matched against the input path as given (made
// absolute); base-name globs work as before.
func TestSourceForPaths(t *testing.T) {
	inDir(t, func(dir string) {
		cfg, err := Parse("conf/rules.conf", strings.NewReader(`
[source crm1]
file = ../d1/crm.csv
[source crm2]
file = ../d2/*.csv
[source abs]
file = `+filepath.Join(dir, "abs", "x?.csv")+`
[source crm]
`))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct{ path, want string }{
			{"d1/crm.csv", "crm1"},
			{"./d1/../d1/crm.csv", "crm1"}, // as given, cleaned
			{filepath.Join(dir, "d1", "crm.csv"), "crm1"},
			{"D1/CRM.csv", "crm1"}, // ignoring case
			{"d2/crm.csv", "crm2"},
			{"d2/sub/crm.csv", "crm"}, // '*' does not match '/': the name section
			{"conf/d1/crm.csv", "crm"},
			{"abs/x1.csv", "abs"},
			{"abs/x12.csv", ""},
		}
		for _, tt := range tests {
			s, ok := cfg.SourceFor(tt.path)
			if ok != (tt.want != "") || s.Name != tt.want {
				t.Errorf("SourceFor(%q) = %q, %v; want %q", tt.path, s.Name, ok, tt.want)
			}
		}
	})
}

// TestWithInput: --source NAME=FILE binds a source to one file, before any
// file setting or name, keeping a section's settings.
func TestWithInput(t *testing.T) {
	cfg := mustParse(t, "[source crm]\nfile = crm*.csv\nregion = DE\n[source other]\nfile = *.csv\n")
	c2, err := cfg.WithInput("crm", "d2/x.csv")
	if err != nil {
		t.Fatal(err)
	}
	c3, err := c2.WithInput("new", "d1/crm.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want, region string }{
		{"d2/x.csv", "crm", "DE"},
		{"d1/crm.csv", "new", ""},
		{"d3/crm.csv", "other", ""}, // the bound section's file no longer applies
	} {
		s, ok := c3.SourceFor(tt.path)
		if !ok || s.Name != tt.want || s.Region != tt.region {
			t.Errorf("SourceFor(%q) = %q (region %q), %v; want %q", tt.path, s.Name, s.Region, ok, tt.want)
		}
	}
	if s, _ := cfg.SourceFor("d1/crm.csv"); s.Name != "crm" {
		t.Errorf("WithInput modified the original config: %q", s.Name)
	}
	if _, err := c3.WithInput("crm", "y.csv"); err == nil || !strings.Contains(err.Error(), "--source crm is given twice") {
		t.Errorf("second binding: %v", err)
	}
	if _, err := c3.WithInput("other", "./d2/../d2/x.csv"); err == nil || !strings.Contains(err.Error(), "already the source crm") {
		t.Errorf("one file, two names: %v", err)
	}
	for _, bad := range [][2]string{{"", "a.csv"}, {"a", ""}, {"a\tb", "a.csv"}} {
		if _, err := cfg.WithInput(bad[0], bad[1]); err == nil {
			t.Errorf("WithInput(%q, %q): no error", bad[0], bad[1])
		}
	}
	var nilCfg *Config
	if c, err := nilCfg.WithInput("a", "x.csv"); err != nil || len(c.Sources) != 1 {
		t.Errorf("nil config: %v, %+v", err, c)
	}
}

// TestUnusedSources: sections that apply to no input are named with their
// rules file line.
func TestUnusedSources(t *testing.T) {
	cfg := mustParse(t, "[source crm]\n[source nosuch]\nregion = DE\n[source shop]\nfile = shop*.csv\n[source all]\nfile = *.csv\n[source p]\nfile = d9/x.csv\n")
	var got []string
	for _, err := range cfg.UnusedSources([]string{"in/crm.txt", "shop1.csv"}) {
		got = append(got, err.Error())
	}
	want := []string{
		"rules.conf:2: [source nosuch]: applies to no input: no input file is called nosuch.* (any extension)",
		"rules.conf:6: [source all]: applies to no input: file = *.csv only matches inputs that earlier sections take",
		"rules.conf:8: [source p]: applies to no input: file = d9/x.csv matches no input (it names ",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got %q, want %q", got[i], want[i])
		}
	}
	if errs := (*Config)(nil).UnusedSources([]string{"a.csv"}); errs != nil {
		t.Errorf("nil config: %v", errs)
	}
}

// TestSourceForDatabaseURLs: a database URL input is matched by a file
// setting holding the same URL (as given: '?' and '*' are SQL, not globs,
// and it is not made relative to the rules file) or by a section named
// after its table, and it counts as used.
func TestSourceForDatabaseURLs(t *testing.T) {
	inDir(t, func(dir string) {
		cfg, err := Parse("conf/rules.conf", strings.NewReader(`
[source billing]
file = postgres://ann@db:5432/erp?table=invoices
region = DE
[source adhoc]
file = sqlite:crm.db?query=SELECT * FROM people
[source customers]
region = GB
`))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct{ path, want string }{
			{"postgres://ann@db:5432/erp?table=invoices", "billing"},
			{"postgres://ann@db:5432/erp?table=invoiceX", ""}, // '?' is no glob here
			{"sqlite:crm.db?query=SELECT * FROM people", "adhoc"},
			{"sqlite:crm.db?query=SELECT x FROM people", ""}, // nor '*'
			{"sqlite:other.db?table=customers", "customers"},
			{"postgres://ann@db/erp?table=public.customers", "customers"},
		}
		for _, tt := range tests {
			s, ok := cfg.SourceFor(tt.path)
			if ok != (tt.want != "") || s.Name != tt.want {
				t.Errorf("SourceFor(%q) = %q, %v; want %q", tt.path, s.Name, ok, tt.want)
			}
		}
		if errs := cfg.UnusedSources([]string{"postgres://ann@db:5432/erp?table=invoices", "sqlite:crm.db?query=SELECT * FROM people", "sqlite:x.db?table=customers"}); len(errs) != 0 {
			t.Errorf("unused: %v", errs)
		}
	})
}

// TestUnusedDatabaseURL: a file = URL that matches no input is named as
// written, not as a path under the rules file's folder.
func TestUnusedDatabaseURL(t *testing.T) {
	cfg := mustParse(t, "[source billing]\nfile = postgres://ann@db/erp?table=invoices\n")
	errs := cfg.UnusedSources([]string{"postgres://ann@db/erp?table=orders"})
	if len(errs) != 1 || !strings.HasSuffix(errs[0].Error(), "file = postgres://ann@db/erp?table=invoices matches no input") {
		t.Errorf("unused: %v", errs)
	}
}
