package audit

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/doppel-dev/doppel/internal/headless"
)

func chromium(t *testing.T) string { return headless.Browser(t) }

func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	out, _ := headless.Run(t, bin, args...)
	return out
}

// TestHTMLInChromium renders audit.html of the sample exports in headless
// Chromium: the screenshot is a real page (not blank) and the DOM holds
// the overlap matrix.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	rep := auditExports(t, "rejects == 0\n")
	dir := t.TempDir()
	page := filepath.Join(dir, "audit.html")
	var buf bytes.Buffer
	if err := rep.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + page
	shot := filepath.Join(dir, "shot.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,2000", url)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 1000 || b.Dy() < 1000 {
		t.Errorf("screenshot %v", b)
	}
	// Not blank: many pixels differ from the background, in several colours
	// (text, the blue fill bars, the red conflict bars).
	bg := img.At(b.Min.X, b.Min.Y)
	colours := map[[3]uint32]bool{}
	differ := 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			c := img.At(x, y)
			if c != bg {
				differ++
			}
			r, g, bl, _ := c.RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	if differ < 5000 || len(colours) < 20 {
		t.Errorf("screenshot looks blank: %d non-background samples, %d colours", differ, len(colours))
	}
	dom := string(runChromium(t, bin, "--dump-dom", url))
	for _, want := range []string{`id="overlap-matrix"`, "Overlap between sources", "<th>billing</th>", "<th>webshop</th>", `id="conflicts"`, "FAILED"} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM lacks %q", want)
		}
	}
	// The crm/billing cell holds the shared customers (52).
	i := strings.Index(dom, `id="overlap-matrix"`)
	if i < 0 || !strings.Contains(dom[i:], ">52</td>") {
		t.Errorf("overlap matrix lacks the crm/billing count 52")
	}
}
