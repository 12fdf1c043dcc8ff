package report_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/internal/headless"
	"github.com/doppel-dev/doppel/pipeline"
	"github.com/doppel-dev/doppel/report"
	"github.com/doppel-dev/doppel/rules"
)

const exports = "../testdata/exports"

// demo runs the README's demo into a temporary folder and writes the
// report there.
func demo(t *testing.T) (dir string, sum *pipeline.Summary) {
	t.Helper()
	cfg, err := rules.Load(filepath.Join(exports, "rules.conf"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range []string{"crm.csv", "billing.csv", "support.tsv", "webshop.csv"} {
		files = append(files, filepath.Join(exports, f))
	}
	dir = t.TempDir()
	sum, err = pipeline.Dedupe(context.Background(), pipeline.Options{Files: files, Rules: cfg, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Write(dir); err != nil {
		t.Fatal(err)
	}
	return dir, sum
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// pageData is the part of the embedded JSON the tests check.
type pageData struct {
	Summary struct {
		Counts map[string]int `json:"counts"`
		Model  struct {
			PriorWeight float64 `json:"prior_weight"`
		} `json:"model"`
	} `json:"summary"`
	Comps   []string  `json:"comps"`
	LvW     []float64 `json:"lv_w"`
	GID     []string  `json:"g_id"`
	GRecs   [][]int   `json:"g_recs"`
	PW      []float64 `json:"p_w"`
	PRow    []int     `json:"p_row"`
	PLv     []int     `json:"p_lv"`
	Omitted struct {
		Singletons int `json:"singletons"`
	} `json:"omitted"`
	Hist struct {
		Match    []int `json:"match"`
		NonMatch []int `json:"non_match"`
		Total    int   `json:"total"`
	} `json:"hist"`
}

func parsePage(t *testing.T, page []byte) pageData {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="doppel-data">(.*?)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no data element")
	}
	var d pageData
	if err := json.Unmarshal(m[1], &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDemoReport checks the embedded data against the run's own outputs,
// including that a pair's total weight is the prior weight plus the
// comparison weights of pairs.csv.
func TestDemoReport(t *testing.T) {
	dir, sum := demo(t)
	page, err := os.ReadFile(filepath.Join(dir, report.FileName))
	if err != nil {
		t.Fatal(err)
	}
	d := parsePage(t, page)
	pairs := readCSV(t, filepath.Join(dir, "pairs.csv"))[1:]
	if len(d.PW) != len(pairs) || d.Hist.Total != len(pairs) {
		t.Fatalf("%d pairs embedded, histogram %d, pairs.csv %d", len(d.PW), d.Hist.Total, len(pairs))
	}
	var linked, hist int
	for _, p := range pairs {
		if p[8] == "true" {
			linked++
		}
	}
	for i := range d.Hist.Match {
		hist += d.Hist.Match[i]
	}
	if hist != linked || int64(linked) != sum.Counts.Matched {
		t.Errorf("histogram has %d linked pairs, pairs.csv %d, summary %d", hist, linked, sum.Counts.Matched)
	}
	if d.Summary.Counts["golden"] != sum.Counts.Golden || d.Summary.Counts["read"] != sum.Counts.Read {
		t.Errorf("summary counts %v, run %+v", d.Summary.Counts, sum.Counts)
	}
	// Every golden record is embedded or counted as an omitted singleton,
	// and the members add up to the accepted rows minus those singletons.
	members := 0
	for _, r := range d.GRecs {
		members += len(r)
	}
	if len(d.GID)+d.Omitted.Singletons != sum.Counts.Golden || members+d.Omitted.Singletons != sum.Counts.Accepted {
		t.Errorf("%d golden embedded + %d singletons != %d; %d members", len(d.GID), d.Omitted.Singletons, sum.Counts.Golden, members)
	}
	for i := 1; i < len(d.GRecs); i++ {
		if len(d.GRecs[i]) > len(d.GRecs[i-1]) {
			t.Fatalf("clusters not largest first at %d", i)
		}
	}
	nc := len(d.Comps)
	worst := 0.0
	for p := range d.PW {
		total := d.Summary.Model.PriorWeight
		for c := range nc {
			total += d.LvW[d.PLv[p*nc+c]]
		}
		want, _ := strconv.ParseFloat(pairs[p][6], 64)
		if d.PW[p] != want || d.PRow[p] != p+1 {
			t.Fatalf("pair %d: weight %v row %d, pairs.csv %v", p, d.PW[p], d.PRow[p], want)
		}
		worst = math.Max(worst, math.Abs(total-want))
	}
	if worst > 0.01 {
		t.Errorf("prior + comparison weights differ from the total by up to %.4f", worst)
	}
	t.Logf("total = prior + sum of comparison weights within %.4f bits over %d pairs", worst, len(d.PW))
}

func chromium(t *testing.T) string { return headless.Browser(t) }

// runChromium runs headless Chromium with args and returns its stdout;
// script errors and policy violations the page logs fail the test.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	stdout, stderr := headless.Run(t, bin, append([]string{"--enable-logging=stderr", "--v=0"}, args...)...)
	for _, line := range strings.Split(string(stderr), "\n") {
		if strings.Contains(line, "Uncaught") || strings.Contains(line, "Content Security Policy") || strings.Contains(line, "Refused to") {
			t.Errorf("page error: %s", line)
		}
	}
	return stdout
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

// artefacts is where the browser test keeps its screenshots.
func artefacts(t *testing.T) string {
	d := os.Getenv("DOPPEL_ARTEFACTS")
	if d == "" {
		d = filepath.Join(os.TempDir(), "doppel-report-artefacts")
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestBrowserClusterWaterfall opens the demo report in headless Chromium
// with a #cluster=...&pair=... link, whose handler clicks the cluster row
// and then the pair row (the same handlers as a user's clicks), and checks
// that the waterfall of that pair is drawn. A screenshot is kept.
func TestBrowserClusterWaterfall(t *testing.T) {
	bin := chromium(t)
	dir, _ := demo(t)
	page, err := os.ReadFile(filepath.Join(dir, report.FileName))
	if err != nil {
		t.Fatal(err)
	}
	d := parsePage(t, page)
	// The largest cluster, and a pair inside it.
	gid := d.GID[0]
	row := 0
	for i, p := range readCSV(t, filepath.Join(dir, "pairs.csv"))[1:] {
		if p[4] == gid && p[5] == gid {
			row = i + 1
			break
		}
	}
	if row == 0 {
		t.Fatalf("no pair inside %s", gid)
	}
	url := "file://" + filepath.Join(dir, report.FileName) + fmt.Sprintf("#cluster=%s&pair=%d", gid, row)
	dom := string(runChromium(t, bin, "--dump-dom", url))
	if !strings.Contains(dom, `data-ready="1"`) {
		t.Fatalf("page script did not finish:\n%s", tail(dom))
	}
	wf := regexp.MustCompile(`<svg[^>]*id="waterfall"[^>]*>`).FindString(dom)
	if wf == "" {
		t.Fatal("no waterfall after the cluster and pair clicks")
	}
	if !strings.Contains(wf, fmt.Sprintf(`data-pair-row="%d"`, row)) {
		t.Errorf("waterfall of the wrong pair: %s", wf)
	}
	// One bar per comparison plus prior and total.
	i := strings.Index(dom, wf)
	end := strings.Index(dom[i:], "</svg>")
	if bars := strings.Count(dom[i:i+end], "data-step="); bars != len(d.Comps)+2 {
		t.Errorf("%d waterfall bars, want %d", bars, len(d.Comps)+2)
	}
	for _, want := range []string{`tr class="click sel" data-gid="` + gid, fmt.Sprintf(`class="click sel" data-pair="%d"`, row), `id="histogram"`, `id="threshold-line"`, "= total"} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`data-nav-ms="(\d+)"`).FindStringSubmatch(dom); m != nil {
		t.Logf("page ready %s ms after navigation", m[1])
	}

	shot := filepath.Join(artefacts(t), "report-cluster-waterfall.png")
	runChromium(t, bin, "--window-size=1280,1600", "--screenshot="+shot, url)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10000 {
		t.Fatalf("screenshot %s: %v", shot, err)
	}
	t.Logf("screenshot: %s", shot)
}

// TestBrowserHostile renders markup-laden values in Chromium: they must
// appear as text, never as elements.
func TestBrowserHostile(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	ents, err := os.ReadDir("testdata/hostile")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("testdata/hostile", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	if err := report.Write(dir); err != nil {
		t.Fatal(err)
	}
	base := "file://" + filepath.Join(dir, report.FileName)
	for _, frag := range []string{"#cluster=G1&pair=1", "#tab=review"} {
		dom := string(runChromium(t, bin, "--dump-dom", base+frag))
		if !strings.Contains(dom, `data-ready="1"`) {
			t.Fatalf("%s: page script did not finish", frag)
		}
		markup := regexp.MustCompile(`(?s)<script type="application/json" id="doppel-data">.*?</script>`).ReplaceAllString(dom, "")
		for _, bad := range []string{"<img", "<svg onload", "<b>rule", "<script>alert"} {
			if strings.Contains(markup, bad) {
				t.Errorf("%s: DOM has element %q", frag, bad)
			}
		}
		if frag == "#cluster=G1&pair=1" && (!strings.Contains(markup, "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;") || !strings.Contains(markup, `id="waterfall"`)) {
			t.Errorf("%s: hostile value not shown as text or no waterfall", frag)
		}
	}
}
