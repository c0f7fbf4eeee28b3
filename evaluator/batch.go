// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"runtime"
	"sync"
)

// EvaluateAll decides many requests on all cores. Decisions and errors are in
// the order of the requests.
func (e *Evaluator) EvaluateAll(ctx context.Context, reqs []Request) ([]Decision, []error) {
	decisions := make([]Decision, len(reqs))
	errs := make([]error, len(reqs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(reqs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				decisions[i], errs[i] = e.Evaluate(ctx, reqs[i])
			}
		}()
	}
	for i := range reqs {
		next <- i
	}
	close(next)
	wg.Wait()
	return decisions, errs
}
