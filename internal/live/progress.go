// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints, at most every interval, how far an audit got: for large
// clusters, on standard error.
type progress struct {
	w        io.Writer
	every    time.Duration
	start    time.Time
	next     time.Time
	mu       sync.Mutex
	kind     string
	sofar    int
	expected int64
	objects  int
	pods     int
}

func newProgress(w io.Writer, every time.Duration, start time.Time) *progress {
	if every <= 0 {
		every = 5 * time.Second
	}
	return &progress{w: w, every: every, start: start, next: start.Add(every)}
}

// listed records a page (called by the lister's goroutine).
func (p *progress) listed(k kind, sofar int, remaining int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.kind, p.sofar, p.expected = k.String(), sofar, -1
	if remaining >= 0 {
		p.expected = int64(sofar) + remaining
	}
}

// judged counts an object and prints when it is time.
func (p *progress) judged(pod bool) {
	p.objects++
	if pod {
		p.pods++
	}
	if p.w == nil {
		return
	}
	now := time.Now()
	if now.Before(p.next) {
		return
	}
	p.next = now.Add(p.every)
	p.mu.Lock()
	kind, listed, expected := p.kind, p.sofar, p.expected
	p.mu.Unlock()
	of := ""
	if expected >= 0 {
		of = fmt.Sprintf(" of about %d", expected)
	}
	elapsed := now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "vapgen: audit: %d objects judged (%d pods) in %.0fs, %.0f/s; listing %s: %d%s\n",
		p.objects, p.pods, elapsed, float64(p.objects)/elapsed, kind, listed, of)
}
