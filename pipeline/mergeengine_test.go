package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/doppel-dev/doppel"
	"github.com/doppel-dev/doppel/rules"
)

// memMergeEngine is a MergeEngine that does in memory what the Beam one
// does on a cluster: the member lines travel encoded and in shuffled
// order, are grouped by golden index, merged by a fresh GoldenMerger per
// group (from the spec's encoded form) and written in golden order.
type memMergeEngine struct {
	seed  uint64
	calls int
}

func (e *memMergeEngine) Merge(ctx context.Context, job *MergeJob, golden, lineage io.Writer) error {
	e.calls++
	b, err := job.Spec.Encode()
	if err != nil {
		return err
	}
	spec, err := DecodeMergeSpec(b)
	if err != nil {
		return err
	}
	var lines [][]byte
	if err := job.Members(func(l []byte) error { lines = append(lines, slices.Clone(l)); return nil }); err != nil {
		return err
	}
	rand.New(rand.NewPCG(e.seed, 1)).Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	groups := make([][]MergeMember, job.Golden)
	for _, l := range lines {
		m, err := DecodeMergeMember(l)
		if err != nil {
			return err
		}
		groups[m.Golden] = append(groups[m.Golden], m)
	}
	for want, ms := range groups {
		g, gb, lb, err := NewGoldenMerger(spec).Merge(ms)
		if err != nil {
			return err
		}
		if int(g) != want {
			return errors.New("golden index out of place")
		}
		golden.Write(gb)
		lineage.Write(lb)
	}
	return nil
}

// TestMergeEngineIdentical: a run whose merge goes through a MergeEngine
// (the encoded spec and member lines, grouped in another order) writes
// byte-identical outputs, with source priorities, per-source date orders,
// households and steward overrides in play.
func TestMergeEngineIdentical(t *testing.T) {
	cfg, err := rules.Load(filepath.Join(exports, "rules.conf"))
	if err != nil {
		t.Fatal(err)
	}
	out1 := t.TempDir()
	if _, err := Dedupe(context.Background(), Options{Files: exportFiles(), Rules: cfg, OutDir: out1}); err != nil {
		t.Fatal(err)
	}
	xw := crosswalkMap(t, out1)
	ov := "golden_id,source,record_id,field,value\n" +
		",crm,1016,email,pinned@example.com\n" +
		xw["billing:1042"] + ",,,city,Dresden-Neustadt\n"
	ovPath := filepath.Join(t.TempDir(), "overrides.csv")
	if err := os.WriteFile(ovPath, []byte(ov), 0o644); err != nil {
		t.Fatal(err)
	}
	local, eng := t.TempDir(), t.TempDir()
	if _, err := Dedupe(context.Background(), Options{Files: exportFiles(), Rules: cfg, OutDir: local, Overrides: ovPath}); err != nil {
		t.Fatal(err)
	}
	me := &memMergeEngine{seed: 7}
	if _, err := Dedupe(context.Background(), Options{Files: exportFiles(), Rules: cfg, OutDir: eng, Overrides: ovPath, MergeEngine: me}); err != nil {
		t.Fatal(err)
	}
	if me.calls != 1 {
		t.Fatalf("merge engine called %d times", me.calls)
	}
	for _, f := range []string{GoldenFile, LineageFile, CrosswalkFile, HouseholdsFile} {
		a, err1 := os.ReadFile(filepath.Join(local, f))
		b, err2 := os.ReadFile(filepath.Join(eng, f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs with the merge engine", f)
		}
	}
	golden := readCSV(t, filepath.Join(eng, GoldenFile))
	if len(golden) < 100 || !bytes.Contains(must(os.ReadFile(filepath.Join(eng, LineageFile))), []byte(",override,")) {
		t.Errorf("golden.csv has %d rows, or the override is missing from lineage.csv", len(golden))
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// failingMergeEngine fails after writing part of golden.csv.
type failingMergeEngine struct{}

func (failingMergeEngine) Merge(_ context.Context, _ *MergeJob, golden, _ io.Writer) error {
	golden.Write([]byte("Gxxxxxxxx,1,half a row"))
	return errors.New("worker lost")
}

// TestMergeEngineFailure: an engine's error fails the run, names the
// stage, and leaves no outputs (all or nothing).
func TestMergeEngineFailure(t *testing.T) {
	out := t.TempDir()
	_, err := Dedupe(context.Background(), Options{Files: exportFiles(), OutDir: out, MergeEngine: failingMergeEngine{}})
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("merge engine: worker lost")) {
		t.Fatalf("err = %v", err)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 0 {
		t.Errorf("outputs left behind: %v", ents)
	}
}

// TestMergeMemberRoundTrip: a member line decodes to what was encoded,
// and a truncated or padded line is an error, not a wrong member.
func TestMergeMemberRoundTrip(t *testing.T) {
	vals := make([]string, doppel.NumFields)
	vals[doppel.GivenName], vals[doppel.Email], vals[doppel.BirthDate] = "Zoë", "z@example.org", "03/04/1985"
	m := MergeMember{Record: 70000, Golden: 12, Household: "H00000000000000ab", Source: 2,
		Rec: doppel.NewRecord("crm", 17, "C-1,\n2", vals), Given: "zoe", Family: "", Postcode: "01099", Phone: "+4930123", Phone2: "+4930999"}
	b := AppendMergeMember(nil, &m)
	got, err := DecodeMergeMember(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Record != m.Record || got.Golden != m.Golden || got.Household != m.Household || got.Source != m.Source ||
		got.Rec.Source != "crm" || got.Rec.Line != 17 || got.Rec.ID != m.Rec.ID || !slices.Equal(got.Rec.Values(), m.Rec.Values()) ||
		got.Given != m.Given || got.Postcode != m.Postcode || got.Phone != m.Phone || got.Mobile != "" || got.Phone2 != m.Phone2 {
		t.Errorf("round trip: got %+v, want %+v", got, m)
	}
	for _, bad := range [][]byte{b[:len(b)-1], append(slices.Clone(b), 0), b[:3], nil} {
		if _, err := DecodeMergeMember(bad); err == nil {
			t.Errorf("decoding %d of %d bytes: no error", len(bad), len(b))
		}
	}
}
