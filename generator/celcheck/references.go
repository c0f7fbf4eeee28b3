// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"slices"

	celast "github.com/google/cel-go/common/ast"
	"k8s.io/apiserver/pkg/cel/environment"
)

// Reference is a name an expression uses: a variable, or a function it calls
// (namespaced functions with their namespace, `time.now`). Line and Column
// are CEL's (1-based, 0-based).
type Reference struct {
	Name         string
	Function     bool
	Line, Column int
}

// References lists the root identifiers (besides comprehension variables)
// and the functions an expression uses, in source order; nil when it does
// not parse.
func (c *Checker) References(expr string) []Reference {
	c.mu.Lock()
	defer c.mu.Unlock()
	comp, err := c.apiServerCompiler()
	if err != nil {
		return nil
	}
	env, err := comp.env(environment.StoredExpressions)
	if err != nil {
		return nil
	}
	ast, iss := env.Parse(expr)
	if iss.Err() != nil {
		return nil
	}
	bound := map[string]bool{}
	var out []Reference
	info := ast.NativeRep().SourceInfo()
	add := func(name string, function bool, id int64) {
		loc := info.GetStartLocation(id)
		r := Reference{Name: name, Function: function, Line: loc.Line(), Column: loc.Column()}
		if function && loc.Line() > 0 {
			r.Column = max(loc.Column()-len(name), 0)
		}
		out = append(out, r)
	}
	celast.PreOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		switch e.Kind() {
		case celast.ComprehensionKind:
			cp := e.AsComprehension()
			bound[cp.IterVar()], bound[cp.AccuVar()] = true, true
			if cp.HasIterVar2() {
				bound[cp.IterVar2()] = true
			}
		case celast.IdentKind:
			add(e.AsIdent(), false, e.ID())
		case celast.CallKind:
			call := e.AsCall()
			if !call.IsMemberFunction() {
				add(call.FunctionName(), true, e.ID())
			}
		}
	}))
	out = slices.DeleteFunc(out, func(r Reference) bool { return !r.Function && bound[r.Name] })
	slices.SortStableFunc(out, func(a, b Reference) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
	return out
}
