// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podtemplate

import (
	"fmt"

	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"
)

// Template says where an object keeps its pod.
type Template struct {
	// Spec and Metadata are the field paths of the pod's spec and metadata,
	// e.g. [spec template spec] and [spec template metadata].
	Spec, Metadata []string
}

// objectVariables are the variables that hold the object under review.
var objectVariables = map[string]bool{"object": true, "oldObject": true}

// keptMetadata are the metadata fields that still refer to the object itself.
var keptMetadata = map[string]bool{"name": true, "namespace": true}

// Rewrite returns expr with every pod reference moved to the template. It
// fails when expr uses the object in a way that has no pod-template meaning,
// such as object.kind or the object as a whole.
func Rewrite(expr string, t Template) (string, error) {
	p, err := parser.NewParser(parser.EnableOptionalSyntax(true), parser.MaxRecursionDepth(250))
	if err != nil {
		return "", err
	}
	parsed, errs := p.Parse(common.NewTextSource(expr))
	if len(errs.GetErrors()) > 0 {
		return "", fmt.Errorf("%s", errs.ToDisplayString())
	}
	r := &rewriter{fac: ast.NewExprFactory(), template: t, nextID: maxID(parsed.Expr()) + 1}
	out, err := r.rewrite(parsed.Expr())
	if err != nil {
		return "", err
	}
	return parser.Unparse(out, ast.NewSourceInfo(nil))
}

type rewriter struct {
	fac      ast.ExprFactory
	template Template
	nextID   int64
}

func (r *rewriter) id() int64 {
	r.nextID++
	return r.nextID
}

// access recognises `X.field` and `X.?field`.
func access(e ast.Expr) (operand ast.Expr, field string, optional, ok bool) {
	switch e.Kind() {
	case ast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() {
			return nil, "", false, false
		}
		return s.Operand(), s.FieldName(), false, true
	case ast.CallKind:
		c := e.AsCall()
		if c.FunctionName() == operators.OptSelect && len(c.Args()) == 2 && c.Args()[1].Kind() == ast.LiteralKind {
			if s, isString := c.Args()[1].AsLiteral().(types.String); isString {
				return c.Args()[0], string(s), true, true
			}
		}
	}
	return nil, "", false, false
}

func isObject(e ast.Expr) (string, bool) {
	if e.Kind() == ast.IdentKind && objectVariables[e.AsIdent()] {
		return e.AsIdent(), true
	}
	return "", false
}

// path builds `variable.a.b.c`, each step optional when optional is set.
func (r *rewriter) path(variable string, fields []string, optional bool) ast.Expr {
	e := r.fac.NewIdent(r.id(), variable)
	for _, f := range fields {
		if optional {
			e = r.fac.NewCall(r.id(), operators.OptSelect, e, r.fac.NewLiteral(r.id(), types.String(f)))
		} else {
			e = r.fac.NewSelect(r.id(), e, f)
		}
	}
	return e
}

func (r *rewriter) rewrite(e ast.Expr) (ast.Expr, error) {
	if operand, field, optional, ok := access(e); ok {
		if v, isObj := isObject(operand); isObj {
			switch field {
			case "spec":
				return r.path(v, r.template.Spec, optional), nil
			case "metadata":
				return r.path(v, r.template.Metadata, optional), nil
			default:
				return nil, fmt.Errorf("%s.%s has no meaning for a pod template", v, field)
			}
		}
		// object.metadata.name and object.metadata.namespace name the object.
		if inner, meta, _, innerOK := access(operand); innerOK && meta == "metadata" && keptMetadata[field] {
			if _, isObj := isObject(inner); isObj {
				return e, nil
			}
		}
	}
	switch e.Kind() {
	case ast.IdentKind:
		if v, isObj := isObject(e); isObj {
			return nil, fmt.Errorf("%s is used as a whole; only %s.spec and %s.metadata can be moved to a pod template", v, v, v)
		}
		return e, nil
	case ast.SelectKind:
		s := e.AsSelect()
		operand, err := r.rewrite(s.Operand())
		if err != nil {
			return nil, err
		}
		if s.IsTestOnly() {
			return r.fac.NewPresenceTest(e.ID(), operand, s.FieldName()), nil
		}
		return r.fac.NewSelect(e.ID(), operand, s.FieldName()), nil
	case ast.CallKind:
		return r.rewriteCall(e)
	case ast.ListKind:
		l := e.AsList()
		elems, err := r.all(l.Elements())
		if err != nil {
			return nil, err
		}
		return r.fac.NewList(e.ID(), elems, l.OptionalIndices()), nil
	case ast.MapKind:
		var entries []ast.EntryExpr
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			k, err := r.rewrite(me.Key())
			if err != nil {
				return nil, err
			}
			v, err := r.rewrite(me.Value())
			if err != nil {
				return nil, err
			}
			entries = append(entries, r.fac.NewMapEntry(en.ID(), k, v, me.IsOptional()))
		}
		return r.fac.NewMap(e.ID(), entries), nil
	case ast.StructKind:
		s := e.AsStruct()
		var fields []ast.EntryExpr
		for _, f := range s.Fields() {
			sf := f.AsStructField()
			v, err := r.rewrite(sf.Value())
			if err != nil {
				return nil, err
			}
			fields = append(fields, r.fac.NewStructField(f.ID(), sf.Name(), v, sf.IsOptional()))
		}
		return r.fac.NewStruct(e.ID(), s.TypeName(), fields), nil
	default:
		return e, nil
	}
}

func (r *rewriter) rewriteCall(e ast.Expr) (ast.Expr, error) {
	c := e.AsCall()
	args, err := r.all(c.Args())
	if err != nil {
		return nil, err
	}
	if !c.IsMemberFunction() {
		return r.fac.NewCall(e.ID(), c.FunctionName(), args...), nil
	}
	target, err := r.rewrite(c.Target())
	if err != nil {
		return nil, err
	}
	return r.fac.NewMemberCall(e.ID(), c.FunctionName(), target, args...), nil
}

func (r *rewriter) all(in []ast.Expr) ([]ast.Expr, error) {
	out := make([]ast.Expr, len(in))
	for i, a := range in {
		var err error
		if out[i], err = r.rewrite(a); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func maxID(e ast.Expr) int64 {
	max := int64(0)
	ast.PostOrderVisit(e, ast.NewExprVisitor(func(x ast.Expr) {
		if x.ID() > max {
			max = x.ID()
		}
	}))
	return max
}
