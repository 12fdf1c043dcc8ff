package rules

import (
	"math"
	"strings"
	"testing"
)

func TestParseGate(t *testing.T) {
	tests := []struct {
		in     string
		src    string
		metric string
		op     string
		value  float64
		err    string
	}{
		{in: "email.fill >= 0.8", metric: "email.fill", op: ">=", value: 0.8},
		{in: "rejects == 0", metric: "rejects", op: "==", value: 0},
		{in: "duplicates.rate<=10%", metric: "duplicates.rate", op: "<=", value: 0.1},
		{in: "crm:phone.valid > 0.95", src: "crm", metric: "phone.valid", op: ">", value: 0.95},
		{in: "Email.Junk.Rate < 0.01", metric: "email.junk.rate", op: "<", value: 0.01},
		{in: "rows != 0", metric: "rows", op: "!=", value: 0},
		{in: "overlap.crm.billing >= 50", metric: "overlap.crm.billing", op: ">=", value: 50},
		{in: "conflicts.email.rate <= 0.2", metric: "conflicts.email.rate", op: "<=", value: 0.2},
		{in: "conflicts.phone < 5", metric: "conflicts.phone", op: "<", value: 5},
		{in: "postcode.encoding == 0", metric: "postcode.encoding", op: "==", value: 0},
		{in: "email.fill = 0.8", err: "use == to compare"},
		{in: "email.fill 0.8", err: "expected METRIC OP NUMBER"},
		{in: ">= 0.8", err: "missing metric"},
		{in: "email.fill >=", err: "missing number"},
		{in: "email.fill >= lots", err: `"lots" is not a number`},
		{in: "email.fill >= NaN", err: "is not a number"},
		{in: "emial.fill >= 0.8", err: `unknown metric "emial.fill" (did you mean "email"?)`},
		{in: "email.fil >= 0.8", err: `unknown statistic "fil" of email`},
		{in: "email >= 0.8", err: "email needs a statistic"},
		{in: "crm:overlap.a.b > 1", err: "drop the"},
		{in: "overlap.crm > 1", err: "two source names"},
		{in: "conflicts.given_name.rate < 1", err: "conflicts are measured for"},
		{in: "conflicts.email.share < 1", err: "expected conflicts.FIELD"},
		{in: ":email.fill > 1", err: "bad source name"},
		{in: "email fill > 1", err: "contains spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			g, err := ParseGate(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseGate(%q) error %v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g.Source != tt.src || g.Metric != tt.metric || g.Op != tt.op || math.Abs(g.Value-tt.value) > 1e-12 {
				t.Errorf("got %+v", g)
			}
		})
	}
}

func TestGateHolds(t *testing.T) {
	tests := []struct {
		gate string
		v    float64
		want bool
	}{
		{"rows >= 2", 2, true}, {"rows >= 2", 1.9, false},
		{"rows <= 2", 2, true}, {"rows <= 2", 3, false},
		{"rows > 2", 2, false}, {"rows < 2", 1, true},
		{"rows == 2", 2, true}, {"rows != 2", 2, false},
		{"rows != 2", math.NaN(), false},
	}
	for _, tt := range tests {
		g, err := ParseGate(tt.gate)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.Holds(tt.v); got != tt.want {
			t.Errorf("%s with %v = %v", tt.gate, tt.v, got)
		}
	}
}

func TestParseAuditSection(t *testing.T) {
	src := "[match]\nregion = DE\n\n[audit]   # quality gates\nemail.fill >= 0.8   # most have e-mail\nrejects == 0\n; comment\ncrm:duplicates.rate <= 5%\n"
	cfg, err := Parse("r.conf", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Gates) != 3 {
		t.Fatalf("gates %+v", cfg.Gates)
	}
	if g := cfg.Gates[0]; g.Line != 5 || g.Text != "email.fill >= 0.8" {
		t.Errorf("gate 0 %+v", g)
	}
	if g := cfg.Gates[2]; g.Source != "crm" || g.Line != 8 || g.Value != 0.05 {
		t.Errorf("gate 2 %+v", g)
	}
	if cfg.Match.Region != "DE" {
		t.Errorf("match section lost")
	}
	// Errors name the line; [gates] is an alias; the section appears once.
	_, err = Parse("r.conf", strings.NewReader("[gates]\nemail.fill >= 0.8\nemail.fil >= 1\n[audit]\n"))
	if err == nil || !strings.Contains(err.Error(), "r.conf:3: gate") || !strings.Contains(err.Error(), "r.conf:4: duplicate section") {
		t.Errorf("error %v", err)
	}
}

func FuzzParseGate(f *testing.F) {
	for _, s := range []string{"email.fill >= 0.8", "crm:rejects == 0", "overlap.a.b>1%", "x:=<>!", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGate(s)
		if err == nil && (g.Metric == "" || g.Op == "") {
			t.Errorf("accepted %q as %+v", s, g)
		}
	})
}
