// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/internal/diag"
)

// unknownField is the error for a key no field of the type has, with the
// nearest field name when one is close enough to be a typo of it.
func unknownField(p *field.Path, key string, known []string) *field.Error {
	detail := "unknown field"
	if s := nearest(key, known); s != "" {
		detail += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return &field.Error{Type: field.ErrorTypeForbidden, Field: p.String(), BadValue: key, Detail: detail}
}

// Message renders a field.Error for a diagnostic that points at the field:
// the path, then what is wrong with it.
func Message(e *field.Error) string {
	var what string
	switch e.Type {
	case field.ErrorTypeForbidden, field.ErrorTypeInternal:
		what = e.Detail
	case field.ErrorTypeRequired:
		what = "required"
		if e.Detail != "" {
			what += ": " + e.Detail
		}
	case field.ErrorTypeDuplicate:
		what = fmt.Sprintf("duplicate key %q", fmt.Sprint(e.BadValue))
	case field.ErrorTypeTypeInvalid:
		what = fmt.Sprintf("%s, got %v", e.Detail, e.BadValue)
	default:
		what = e.ErrorBody()
	}
	if e.Field == "" || e.Field == "<nil>" {
		return what
	}
	return e.Field + ": " + what
}

// Diagnostics turns field errors of the document into diagnostics at their
// fields.
func (d *Document) Diagnostics(sev diag.Severity, subject string, errs field.ErrorList) diag.List {
	var out diag.List
	for _, e := range errs {
		out = append(out, d.Diagnostic(sev, d.ErrorPos(e), subject, Message(e)))
	}
	return out
}

// ErrorPos is where an error of the document is: at the key for an unknown
// or duplicate key that Decode found, else at its field.
func (d *Document) ErrorPos(e *field.Error) diag.Position {
	if n, ok := d.errorKeys[e]; ok {
		return d.position(n)
	}
	return d.Locate(e.Field)
}

// nearest is the name of known closest to s by edit distance, when at most a
// third of s differs; "" otherwise.
func nearest(s string, known []string) string {
	best, bestDist := "", len(s)/3+1
	for _, k := range known {
		if d := editDistance(s, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance counts insertions, deletions, substitutions and swaps of
// adjacent letters (optimal string alignment).
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
