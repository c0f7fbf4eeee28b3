// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celvars

import (
	"fmt"

	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"
)

// Rename returns expr with every `variables.<old>` (and `variables.?<old>`)
// naming names[old] instead. An expression that refers to none of them is
// returned unchanged, with its formatting.
func Rename(expr string, names map[string]string) (string, error) {
	return rewriteExpr(expr, rewriter{variable: func(field string) (string, bool) {
		n, ok := names[field]
		return n, ok && n != field
	}})
}

// RewriteStrings returns expr with every string literal s for which
// replace returns (t, true) written as t. An expression with none is
// returned unchanged, with its formatting.
func RewriteStrings(expr string, replace func(string) (string, bool)) (string, error) {
	return rewriteExpr(expr, rewriter{literal: replace})
}

// rewriter says what a rewrite changes: variable names, string literals.
type rewriter struct {
	variable, literal func(string) (string, bool)
	changed           bool
}

func (r *rewriter) apply(f func(string) (string, bool), s string) (string, bool) {
	if f == nil {
		return s, false
	}
	out, ok := f(s)
	if !ok {
		return s, false
	}
	r.changed = true
	return out, true
}

func rewriteExpr(expr string, r rewriter) (string, error) {
	p, err := parser.NewParser(parser.EnableOptionalSyntax(true), parser.MaxRecursionDepth(250))
	if err != nil {
		return "", err
	}
	parsed, errs := p.Parse(common.NewTextSource(expr))
	if len(errs.GetErrors()) > 0 {
		return "", fmt.Errorf("%s", errs.ToDisplayString())
	}
	root := r.rewrite(ast.NewExprFactory(), parsed.Expr())
	if !r.changed {
		return expr, nil
	}
	return parser.Unparse(root, ast.NewSourceInfo(nil))
}

// rewrite copies e, renaming the field of every selection on the variables
// identifier and replacing string literals.
func (r *rewriter) rewrite(fac ast.ExprFactory, e ast.Expr) ast.Expr {
	rename := func(field string) (string, bool) { return r.apply(r.variable, field) }
	all := func(in []ast.Expr) []ast.Expr {
		out := make([]ast.Expr, len(in))
		for i, a := range in {
			out[i] = r.rewrite(fac, a)
		}
		return out
	}
	switch e.Kind() {
	case ast.LiteralKind:
		if v, ok := e.AsLiteral().Value().(string); ok {
			if t, ok := r.apply(r.literal, v); ok {
				return fac.NewLiteral(e.ID(), types.String(t))
			}
		}
		return e
	case ast.SelectKind:
		s := e.AsSelect()
		field := s.FieldName()
		if s.Operand().Kind() == ast.IdentKind && s.Operand().AsIdent() == "variables" {
			field, _ = rename(field)
		}
		operand := r.rewrite(fac, s.Operand())
		if s.IsTestOnly() {
			return fac.NewPresenceTest(e.ID(), operand, field)
		}
		return fac.NewSelect(e.ID(), operand, field)
	case ast.CallKind:
		c := e.AsCall()
		if c.IsMemberFunction() {
			return fac.NewMemberCall(e.ID(), c.FunctionName(), r.rewrite(fac, c.Target()), all(c.Args())...)
		}
		// variables.?name parses as the optional select operator.
		if c.FunctionName() == operators.OptSelect && len(c.Args()) == 2 {
			target, key := c.Args()[0], c.Args()[1]
			if target.Kind() == ast.IdentKind && target.AsIdent() == "variables" && key.Kind() == ast.LiteralKind {
				if name, ok := key.AsLiteral().Value().(string); ok {
					if renamed, ok := rename(name); ok {
						return fac.NewCall(e.ID(), c.FunctionName(), target, fac.NewLiteral(key.ID(), types.String(renamed)))
					}
				}
			}
		}
		return fac.NewCall(e.ID(), c.FunctionName(), all(c.Args())...)
	case ast.ListKind:
		l := e.AsList()
		return fac.NewList(e.ID(), all(l.Elements()), l.OptionalIndices())
	case ast.MapKind:
		var entries []ast.EntryExpr
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			entries = append(entries, fac.NewMapEntry(en.ID(), r.rewrite(fac, me.Key()), r.rewrite(fac, me.Value()), me.IsOptional()))
		}
		return fac.NewMap(e.ID(), entries)
	case ast.StructKind:
		s := e.AsStruct()
		var fields []ast.EntryExpr
		for _, f := range s.Fields() {
			sf := f.AsStructField()
			fields = append(fields, fac.NewStructField(f.ID(), sf.Name(), r.rewrite(fac, sf.Value()), sf.IsOptional()))
		}
		return fac.NewStruct(e.ID(), s.TypeName(), fields)
	default:
		return e
	}
}
