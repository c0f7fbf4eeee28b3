// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package check

import (
	"github.com/vapgen/vapgen/generator/celcheck"
)

// kyvernoLibraries are the names Kyverno's CEL libraries add to policies;
// the API server's CEL environment has none of them.
var kyvernoLibraries = map[string]bool{
	"resource": true, "http": true, "globalContext": true, "image": true, "imagedata": true,
	"imageData": true, "x509": true, "json": true, "yaml": true, "random": true, "hash": true,
	"parseServiceAccount": true, "gctx": true, "time": true,
}

// kyvernoUse is an expression's first use of a Kyverno library.
type kyvernoUse struct {
	name         string
	line, column int
}

// kyvernoUses finds, for each expression that has issues, the first Kyverno
// library it uses: that, not the compile errors it causes, is the problem.
func kyvernoUses(checker *celcheck.Checker, issues []celcheck.Issue, exprOf func(celcheck.Expr) string) map[celcheck.Expr]kyvernoUse {
	out := map[celcheck.Expr]kyvernoUse{}
	for _, is := range issues {
		if _, done := out[is.Expr]; done {
			continue
		}
		for _, ref := range checker.References(exprOf(is.Expr)) {
			if kyvernoLibraries[ref.Name] {
				out[is.Expr] = kyvernoUse{name: ref.Name, line: ref.Line, column: ref.Column}
				break
			}
		}
	}
	return out
}
