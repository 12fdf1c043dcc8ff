// Package workpool is doppel's one worker pool: a task queue, a fixed set
// of worker goroutines, and an ordered variant that hands results back in
// task order. Every parallel stage of the local runner uses it; the stage
// functions themselves (normalize, match, merge) stay free of goroutines.
package workpool

import (
	"context"
	"sync"
	"sync/atomic"
)

// Queue hands out the task numbers 0..n-1, each once, to concurrent
// workers. It is safe for concurrent use.
type Queue struct {
	next atomic.Int64
	n    int
}

// NewQueue returns a queue of n tasks.
func NewQueue(n int) *Queue { return &Queue{n: n} }

// Take returns the next task, or false when none is left.
func (q *Queue) Take() (int, bool) {
	t := int(q.next.Add(1) - 1)
	return t, t < q.n
}

// Workers runs f(0..workers-1), each on its own goroutine, and waits for
// all of them.
func Workers(workers int, f func(w int)) {
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w)
		}()
	}
	wg.Wait()
}

// Run runs f(0..tasks-1) on at most workers goroutines and waits for all
// tasks. f must be safe for concurrent use.
func Run(tasks, workers int, f func(t int)) {
	q := NewQueue(tasks)
	Workers(min(max(workers, 1), tasks), func(int) {
		for t, ok := q.Take(); ok; t, ok = q.Take() {
			f(t)
		}
	})
}

// RunWith is Run for workers that keep state (a Normalizer, say): mk is
// called once per worker goroutine and returns that worker's task function.
func RunWith(tasks, workers int, mk func() func(t int)) {
	q := NewQueue(tasks)
	Workers(min(max(workers, 1), max(tasks, 1)), func(int) {
		f := mk()
		for t, ok := q.Take(); ok; t, ok = q.Take() {
			f(t)
		}
	})
}

// Ordered runs tasks 0..tasks-1 on workers goroutines (mk makes each
// worker's task function) and hands their results to emit in task order,
// on the calling goroutine, as they complete. At most 2*workers results
// are computed ahead of emit. It stops at the first error of emit, or when
// ctx is cancelled, and returns that error.
func Ordered[T any](ctx context.Context, tasks, workers int, mk func() func(int) T, emit func(T) error) error {
	results := make([]chan T, tasks)
	for t := range results {
		results[t] = make(chan T, 1)
	}
	slots := make(chan struct{}, 2*workers)
	next := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range min(workers, max(tasks, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := mk()
			for t := range next {
				if ctx.Err() != nil {
					var zero T
					results[t] <- zero
					continue
				}
				results[t] <- f(t)
			}
		}()
	}
	go func() {
		defer close(next)
		for t := range tasks {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case next <- t:
			case <-stop:
				return
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for t := range tasks {
		var v T
		select {
		case v = <-results[t]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := emit(v); err != nil {
			return err
		}
		results[t] = nil
		<-slots
	}
	return nil
}
