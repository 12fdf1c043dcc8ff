package cli

import (
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows one progress bar per stage on a terminal. progressbar
// never checks for a terminal and syncs on every redraw, so it is only
// created when stderr is a terminal, with a 100 ms throttle (DESIGN.md).
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	stage string
	done  int // largest count reported for stage
	bar   *progressbar.ProgressBar
}

func newProgress(w io.Writer) *progress { return &progress{w: w} }

// update is safe for concurrent use. total 0 means unknown.
func (p *progress) update(stage string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if stage != p.stage {
		if p.bar != nil {
			_ = p.bar.Finish()
		}
		max := total
		if max == 0 {
			max = -1
		}
		p.bar = progressbar.NewOptions(max,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(stage),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetWidth(30),
		)
		p.stage = stage
		p.done = -1
	}
	// Workers report concurrently and their reports may cross: the bar
	// never goes back.
	if done > p.done {
		p.done = done
		_ = p.bar.Set(done)
	}
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
