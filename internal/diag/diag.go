// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package diag

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Severity says whether a problem stops generation.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Position is a place in a source file. Line and Column are 1-based; zero
// means unknown.
type Position struct {
	File   string
	Line   int
	Column int
}

func (p Position) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
	}
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Severity Severity
	Pos      Position
	// Subject names what the problem belongs to, e.g. `policy "x" rule "y"`.
	Subject string
	Message string
	// SourceLine is the text of line Pos.Line, shown with a caret under Pos.Column.
	SourceLine string
	// Skipped is set on a warning that says its subject was left out.
	Skipped bool
}

// String renders the diagnostic as
//
//	file:line:col: error: policy "p" rule "r": message
//	   12 |     object.spec.hostNetwork == fals
//	      |                                ^
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Subject != "" {
		b.WriteString(d.Subject)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	if d.SourceLine != "" && d.Pos.Line > 0 {
		gutter := fmt.Sprintf("%5d | ", d.Pos.Line)
		fmt.Fprintf(&b, "\n%s%s", gutter, strings.TrimRight(d.SourceLine, " \t\r"))
		if d.Pos.Column > 0 {
			fmt.Fprintf(&b, "\n%s| %s^", strings.Repeat(" ", len(gutter)-2), caretPadding(d.SourceLine, d.Pos.Column))
		}
	}
	return b.String()
}

// caretPadding keeps tabs so that the caret lines up under the source text.
func caretPadding(line string, column int) string {
	var pad strings.Builder
	for i, r := range []rune(line) {
		if i >= column-1 {
			break
		}
		if r == '\t' {
			pad.WriteRune('\t')
		} else {
			pad.WriteRune(' ')
		}
	}
	return pad.String()
}

// List collects diagnostics.
type List []Diagnostic

// Errorf adds an error.
func (l *List) Errorf(pos Position, subject, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Error, Pos: pos, Subject: subject, Message: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning.
func (l *List) Warnf(pos Position, subject, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Warning, Pos: pos, Subject: subject, Message: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Sort orders diagnostics by file, line, column and message so that output
// does not depend on the order files were read in.
//
// Identical diagnostics (the same problem found in a rule's pod-template
// copies, say) are reported once.
func (l *List) Sort() {
	sort.SliceStable(*l, func(i, j int) bool {
		a, b := (*l)[i], (*l)[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Column != b.Pos.Column {
			return a.Pos.Column < b.Pos.Column
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Subject < b.Subject
	})
	*l = slices.Compact(*l)
}

// Error renders every diagnostic, one after the other; List is an error so that
// callers can return it directly.
func (l List) Error() string {
	parts := make([]string, len(l))
	for i, d := range l {
		parts[i] = d.String()
	}
	return strings.Join(parts, "\n")
}

// Error makes a single diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }
