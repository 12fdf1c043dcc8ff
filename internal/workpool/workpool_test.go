package workpool

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestOrdered(t *testing.T) {
	for _, workers := range []int{1, 2, 7} {
		for _, tasks := range []int{0, 1, 5, 100} {
			var running, most atomic.Int32
			var got []int
			err := Ordered(context.Background(), tasks, workers, func() func(int) int {
				return func(t int) int {
					n := running.Add(1)
					for {
						m := most.Load()
						if n <= m || most.CompareAndSwap(m, n) {
							break
						}
					}
					running.Add(-1)
					return t * t
				}
			}, func(v int) error {
				got = append(got, v)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			want := make([]int, tasks)
			for i := range want {
				want[i] = i * i
			}
			if !slices.Equal(got, want) {
				t.Errorf("workers %d, tasks %d: got %v", workers, tasks, got)
			}
			if int(most.Load()) > workers {
				t.Errorf("%d tasks ran at once with %d workers", most.Load(), workers)
			}
		}
	}
}

func TestOrderedBounded(t *testing.T) {
	// emit blocks; no more than 2*workers results may be computed ahead.
	var started atomic.Int32
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		done <- Ordered(context.Background(), 50, 2, func() func(int) int {
			return func(t int) int { started.Add(1); return t }
		}, func(v int) error {
			if v == 0 {
				<-release
			}
			return nil
		})
	}()
	for started.Load() < 4 {
		runtime.Gosched() // wait for the window to fill
	}
	time.Sleep(20 * time.Millisecond)
	if n := started.Load(); n > 4 {
		t.Errorf("%d tasks started while the first result was unwritten, want <= 4", n)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestOrderedStops(t *testing.T) {
	boom := errors.New("disk full")
	var emitted int
	err := Ordered(context.Background(), 100, 2, func() func(int) int {
		return func(t int) int { return t }
	}, func(v int) error {
		emitted++
		if v == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || emitted != 4 {
		t.Errorf("err %v after %d results, want %v after 4", err, emitted, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	emitted = 0
	err = Ordered(ctx, 100, 2, func() func(int) int {
		return func(t int) int { return t }
	}, func(v int) error {
		emitted++
		if v == 5 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || emitted != 6 {
		t.Errorf("err %v after %d results, want context.Canceled after 6", err, emitted)
	}
}

// TestRun checks that every task runs exactly once, for any worker count,
// and that RunWith makes one state per worker.
func TestRun(t *testing.T) {
	for _, workers := range []int{0, 1, 3} {
		for _, tasks := range []int{0, 1, 10, 1000} {
			seen := make([]atomic.Int32, tasks)
			Run(tasks, workers, func(i int) { seen[i].Add(1) })
			var made atomic.Int32
			RunWith(tasks, workers, func() func(int) {
				made.Add(1)
				return func(i int) { seen[i].Add(1) }
			})
			for i := range seen {
				if n := seen[i].Load(); n != 2 {
					t.Errorf("workers %d tasks %d: task %d ran %d times, want 2", workers, tasks, i, n)
				}
			}
			if m := int(made.Load()); m > max(workers, 1) {
				t.Errorf("workers %d: %d worker states", workers, m)
			}
		}
	}
}
