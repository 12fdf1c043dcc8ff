package cli

import "testing"

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
