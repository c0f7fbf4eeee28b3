// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"testing"

	"github.com/vapgen/vapgen/internal/diag"
)

func TestExpressionPos(t *testing.T) {
	const src = `kind: X
spec:
  folded: >-
    'a (' +
    b.c().sort() +
    ')'
  literal: |
    x &&
      y.z()
  quoted: "q && r"
`
	docs, err := Parse("f.yaml", []byte(src))
	if err != nil || len(docs) != 1 {
		t.Fatalf("Parse: %v, %d docs", err, len(docs))
	}
	d := docs[0]
	for _, tc := range []struct {
		path         string
		line, column int
		want         diag.Position
	}{
		// "'a (' + b.c().sort() + ')'": sort starts at column 14.
		{"spec.folded", 1, 14, diag.Position{File: "f.yaml", Line: 5, Column: 11}},
		{"spec.folded", 1, 0, diag.Position{File: "f.yaml", Line: 4, Column: 5}},
		{"spec.folded", 1, 23, diag.Position{File: "f.yaml", Line: 6, Column: 5}},
		{"spec.literal", 2, 4, diag.Position{File: "f.yaml", Line: 9, Column: 9}},
		{"spec.quoted", 1, 5, diag.Position{File: "f.yaml", Line: 10, Column: 17}},
	} {
		if got := d.ExpressionPos(tc.path, tc.line, tc.column); got != tc.want {
			t.Errorf("ExpressionPos(%s, %d, %d) = %v, want %v", tc.path, tc.line, tc.column, got, tc.want)
		}
	}
}
