// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"sync"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/net"
)

// warningRecorder collects the warnings admission adds (warning.AddWarning)
// the way the API server's recorder writes them into Warning headers. The
// logic is copied from k8s.io/apiserver@v0.35.4 pkg/endpoints/filters/
// warning.go (the recorder is unexported and that package needs modules
// this project does not otherwise use): duplicates are dropped, and past
// 4096 runes in total every warning is cut to 256 runes. The text a client
// reads is the header value parsed back, as kubectl does.
type warningRecorder struct {
	mu         sync.Mutex
	recorded   map[string]bool
	ordered    []recordedWarning
	written    int
	truncating bool
	headers    []string
}

type recordedWarning struct{ agent, text string }

const (
	truncateAtTotalRunes = 4 * 1024
	truncateItemRunes    = 256
)

func (r *warningRecorder) AddWarning(agent, text string) {
	if len(text) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.written >= truncateAtTotalRunes && r.truncating {
		return
	}
	if r.recorded == nil {
		r.recorded = map[string]bool{}
	}
	if r.recorded[text] {
		return
	}
	r.recorded[text] = true
	r.ordered = append(r.ordered, recordedWarning{agent: agent, text: text})

	textRuneLength := utf8.RuneCountInString(text)
	if r.truncating && textRuneLength > truncateItemRunes {
		text = string([]rune(text)[:truncateItemRunes])
		textRuneLength = truncateItemRunes
	}
	header, err := net.NewWarningHeader(299, agent, text)
	if err != nil {
		return
	}
	if r.written+textRuneLength <= truncateAtTotalRunes || r.truncating {
		r.written += textRuneLength
		r.headers = append(r.headers, header)
		return
	}
	// Enable truncation, reset, and replay the existing items truncated.
	r.truncating = true
	r.written = 0
	r.headers = nil
	for _, w := range r.ordered {
		text := w.text
		textRuneLength := utf8.RuneCountInString(text)
		if textRuneLength > truncateItemRunes {
			text = string([]rune(text)[:truncateItemRunes])
			textRuneLength = truncateItemRunes
		}
		if header, err := net.NewWarningHeader(299, w.agent, text); err == nil {
			r.written += textRuneLength
			r.headers = append(r.headers, header)
		}
	}
}

// warnings returns the texts a client reads from the Warning headers.
func (r *warningRecorder) warnings() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	parsed, _ := net.ParseWarningHeaders(r.headers)
	var texts []string
	for _, w := range parsed {
		texts = append(texts, w.Text)
	}
	return texts
}
