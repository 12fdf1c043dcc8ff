package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/runfiles"
)

// scoredPair is one row of pairs.csv.
type scoredPair struct {
	a, b     string // "source:id"
	weight   float64
	prob     float64
	match    bool
	conflict string
	levels   []string // per comparison: "name level weight"
	names    []string
	weights  []float64
}

// explainRun is what explain reads from an output folder.
type explainRun struct {
	dir       string
	golden    map[string]string // record -> golden id
	members   map[string][]string
	pairs     map[[2]string]*scoredPair
	adj       map[string][]*scoredPair // matched pairs per record
	threshold float64
	prior     float64
	decisions map[[2]string]bool // steward decisions of the run (true = match)
	decFile   string
	// unstated holds the records that state no gender (no gender or
	// title value in records.csv): a gender level of theirs is their given
	// name's, learnt from the records that state one.
	unstated map[string]bool
}

func pairKey(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

// readRows reads the output file rf of the run in dir: the header, then
// the data rows decoded as runfiles declares their columns.
func readRows(dir string, rf runfiles.File) ([][]string, error) {
	path := filepath.Join(dir, rf.Name())
	r, err := rf.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rows := [][]string{r.Header()}
	for {
		row, _, err := r.Next()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		rows = append(rows, slices.Clone(row))
	}
}

func loadExplain(dir string) (*explainRun, error) {
	x := &explainRun{dir: dir, golden: map[string]string{}, members: map[string][]string{},
		pairs: map[[2]string]*scoredPair{}, adj: map[string][]*scoredPair{}}
	b, err := os.ReadFile(filepath.Join(dir, pipeline.SummaryFile))
	if err != nil {
		return nil, err
	}
	var sum pipeline.Summary
	if err := json.Unmarshal(b, &sum); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, pipeline.SummaryFile), err)
	}
	x.threshold, x.prior = sum.Threshold, sum.Model.PriorWeight
	rows, err := readRows(dir, runfiles.Crosswalk)
	if err != nil {
		return nil, err
	}
	for _, r := range rows[1:] {
		k := r[0] + ":" + r[1]
		x.golden[k] = r[2]
		x.members[r[2]] = append(x.members[r[2]], k)
	}
	rows, err = readRows(dir, runfiles.Pairs)
	if err != nil {
		return nil, err
	}
	h := rows[0]
	col := func(name string) int { return slices.Index(h, name) }
	iw, ip, im, ic := col("weight"), col("probability"), col("match"), col("conflict")
	var comps []string
	for _, c := range h {
		if n, ok := strings.CutSuffix(c, "_level"); ok {
			comps = append(comps, n)
		}
	}
	for _, r := range rows[1:] {
		p := &scoredPair{
			a:     r[0] + ":" + r[1],
			b:     r[2] + ":" + r[3],
			match: r[im] == "true", names: comps,
		}
		p.weight, _ = strconv.ParseFloat(r[iw], 64)
		p.prob, _ = strconv.ParseFloat(r[ip], 64)
		if ic >= 0 {
			p.conflict = r[ic]
		}
		for _, c := range comps {
			lv := r[col(c+"_level")]
			w, _ := strconv.ParseFloat(r[col(c+"_weight")], 64)
			p.levels = append(p.levels, lv)
			p.weights = append(p.weights, w)
		}
		x.pairs[pairKey(p.a, p.b)] = p
		if p.match && x.golden[p.a] == x.golden[p.b] {
			x.adj[p.a] = append(x.adj[p.a], p)
			x.adj[p.b] = append(x.adj[p.b], p)
		}
	}
	if slices.Contains(comps, "gender") {
		if x.unstated, err = unstatedGenders(dir); err != nil {
			return nil, err
		}
	}
	if sum.Decisions != nil && sum.Decisions.File != "" {
		x.decFile = sum.Decisions.File
		if ds, _, err := pipeline.ReadDecisions(sum.Decisions.File); err == nil {
			x.decisions = map[[2]string]bool{}
			for _, d := range ds {
				x.decisions[pairKey(d.SourceA+":"+d.IDA, d.SourceB+":"+d.IDB)] = d.Match
			}
		}
	}
	return x, nil
}

// unstatedGenders returns the records of records.csv in dir without a
// gender or title value.
func unstatedGenders(dir string) (map[string]bool, error) {
	rows, err := readRows(dir, runfiles.Records)
	if err != nil {
		return nil, err
	}
	ig, it := slices.Index(rows[0], "gender"), slices.Index(rows[0], "title")
	out := map[string]bool{}
	for _, r := range rows[1:] {
		if (ig < 0 || strings.TrimSpace(r[ig]) == "") && (it < 0 || strings.TrimSpace(r[it]) == "") {
			out[r[0]+":"+r[1]] = true
		}
	}
	return out, nil
}

// label is how the waterfall names comparison i of p: its name and level,
// and for a gender level of a record that states none, where it came from.
func (x *explainRun) label(p *scoredPair, i int) string {
	l := p.names[i] + " " + p.levels[i]
	if p.names[i] == "gender" && (x.unstated[p.a] || x.unstated[p.b]) {
		l += " (learnt from the given name)"
	}
	return l
}

// waterfall writes the weight of a pair field by field, strongest first.
func (x *explainRun) waterfall(w io.Writer, p *scoredPair) {
	fmt.Fprintf(w, "  %-28s %+8.2f\n", "prior (two random records)", x.prior)
	idx := make([]int, len(p.names))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return -cmpFloat(math.Abs(p.weights[a]), math.Abs(p.weights[b]))
	})
	for _, i := range idx {
		if p.levels[i] == "missing" {
			continue
		}
		fmt.Fprintf(w, "  %-28s %+8.2f\n", x.label(p, i), p.weights[i])
	}
	var missing []string
	for i, l := range p.levels {
		if l == "missing" {
			missing = append(missing, p.names[i])
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "  %-28s %+8.2f\n", "missing: "+strings.Join(missing, ", "), 0.0)
	}
	fmt.Fprintf(w, "  %-28s %+8.2f  = match probability %.4f (threshold %.2f)\n", "total", p.weight, p.prob, x.threshold)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// path finds the chain of matched pairs from a to b inside their cluster
// (breadth-first, so the shortest chain).
func (x *explainRun) path(a, b string) []*scoredPair {
	prev := map[string]*scoredPair{a: nil}
	queue := []string{a}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == b {
			break
		}
		nb := slices.Clone(x.adj[cur])
		slices.SortFunc(nb, func(p, q *scoredPair) int { return -cmpFloat(p.weight, q.weight) })
		for _, p := range nb {
			next := p.b
			if next == cur {
				next = p.a
			}
			if _, seen := prev[next]; !seen {
				prev[next] = p
				queue = append(queue, next)
			}
		}
	}
	if _, ok := prev[b]; !ok {
		return nil
	}
	var chain []*scoredPair
	for cur := b; cur != a; {
		p := prev[cur]
		chain = append(chain, p)
		if p.a == cur {
			cur = p.b
		} else {
			cur = p.a
		}
	}
	slices.Reverse(chain)
	return chain
}

func (x *explainRun) explainOne(w io.Writer, rec string) error {
	g, ok := x.golden[rec]
	if !ok {
		return fmt.Errorf("%s is not in %s (use SOURCE:ID as in crosswalk.csv)", rec, filepath.Join(x.dir, pipeline.CrosswalkFile))
	}
	ms := slices.Sorted(slices.Values(x.members[g]))
	fmt.Fprintf(w, "%s is in golden record %s with %d record(s): %s\n", rec, g, len(ms), strings.Join(ms, ", "))
	if len(ms) == 1 {
		fmt.Fprintln(w, "No other record matched it.")
		x.nearest(w, rec)
		return nil
	}
	for _, m := range ms {
		if m == rec {
			continue
		}
		fmt.Fprintf(w, "\n%s ~ %s:\n", rec, m)
		x.explainLinked(w, rec, m)
	}
	return nil
}

// nearest lists the best-scoring pairs of a record that did not merge.
func (x *explainRun) nearest(w io.Writer, rec string) {
	var best []*scoredPair
	for _, p := range x.pairs {
		if p.a == rec || p.b == rec {
			best = append(best, p)
		}
	}
	slices.SortFunc(best, func(p, q *scoredPair) int { return -cmpFloat(p.weight, q.weight) })
	for i, p := range best {
		if i == 3 {
			break
		}
		other := p.b
		if other == rec {
			other = p.a
		}
		fmt.Fprintf(w, "\nClosest candidate %s:\n", other)
		x.explainApart(w, rec, other)
	}
}

func (x *explainRun) explainLinked(w io.Writer, a, b string) {
	chain := x.path(a, b)
	if chain == nil {
		fmt.Fprintln(w, "  joined by a steward's match decision (must-link), not by a scored link")
		if x.decFile != "" {
			fmt.Fprintf(w, "  decisions file: %s\n", x.decFile)
		}
		return
	}
	if len(chain) > 1 {
		steps := []string{a}
		cur := a
		for _, p := range chain {
			if p.a == cur {
				cur = p.b
			} else {
				cur = p.a
			}
			steps = append(steps, cur)
		}
		fmt.Fprintf(w, "  linked through a chain of %d matched pairs: %s\n", len(chain), strings.Join(steps, " -> "))
	}
	for _, p := range chain {
		if len(chain) > 1 {
			fmt.Fprintf(w, " %s ~ %s\n", p.a, p.b)
		}
		x.waterfall(w, p)
	}
}

func (x *explainRun) explainApart(w io.Writer, a, b string) {
	if d, ok := x.decisions[pairKey(a, b)]; ok && !d {
		fmt.Fprintf(w, "  a steward decided no-match (cannot-link) in %s\n", x.decFile)
	}
	p, ok := x.pairs[pairKey(a, b)]
	if !ok {
		fmt.Fprintln(w, "  never scored as a pair: the two records share no blocking key (no name, birth date, postcode,")
		fmt.Fprintln(w, "  e-mail, phone or id key in common), or their match probability was below 0.01")
		return
	}
	switch {
	case p.conflict != "":
		fmt.Fprintf(w, "  not linked: %s\n", p.conflict)
	case p.match:
		fmt.Fprintln(w, "  the pair scores above the threshold, but linking it would have merged clusters that do not")
		fmt.Fprintln(w, "  hold together (cohesion guard), broken a hard rule or a no-match decision, or exceeded max_cluster")
	default:
		fmt.Fprintln(w, "  weight below the threshold:")
	}
	x.waterfall(w, p)
}

func (x *explainRun) explainTwo(w io.Writer, a, b string) error {
	ga, okA := x.golden[a]
	gb, okB := x.golden[b]
	for _, r := range []struct {
		id string
		ok bool
	}{{a, okA}, {b, okB}} {
		if !r.ok {
			return fmt.Errorf("%s is not in %s (use SOURCE:ID as in crosswalk.csv)", r.id, filepath.Join(x.dir, pipeline.CrosswalkFile))
		}
	}
	if ga == gb {
		fmt.Fprintf(w, "%s and %s are merged in golden record %s.\n", a, b, ga)
		x.explainLinked(w, a, b)
		return nil
	}
	fmt.Fprintf(w, "%s (golden %s) and %s (golden %s) are not merged.\n", a, ga, b, gb)
	x.explainApart(w, a, b)
	return nil
}

const explainSynopsis = "doppel explain --out DIR SOURCE:ID [SOURCE:ID]"

func runExplain(args []string, env Env) error {
	fs := newFlagSet("explain", explainSynopsis, env)
	out := fs.String("out", "doppel-out", "output folder of a dedupe run")
	recs, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(recs) < 1 || len(recs) > 2 {
		return usageErr("explain takes one record (why is it in its cluster) or two (why are they, or are they not, merged) as SOURCE:ID; usage: %s", explainSynopsis)
	}
	for _, r := range recs {
		if !strings.Contains(r, ":") {
			return usageErr("%q is not SOURCE:ID (a source and a record id as in crosswalk.csv, such as crm:1016)", r)
		}
	}
	x, err := loadExplain(*out)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return &exitError{ExitInput, fmt.Errorf("%w (run doppel dedupe --out %s first)", err, *out)}
		}
		return &exitError{ExitInput, err}
	}
	if len(recs) == 1 {
		err = x.explainOne(env.Stdout, recs[0])
	} else {
		err = x.explainTwo(env.Stdout, recs[0], recs[1])
	}
	if err != nil {
		return &exitError{ExitInput, err}
	}
	return nil
}
