// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"sync"

	"github.com/google/cel-go/cel"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
)

// optionalMethods are the methods defined on optional values only.
var optionalMethods = map[string]bool{"orValue": true, "value": true, "hasValue": true, "or": true}

// optionalResults are the functions whose result is optional.
var optionalResults = map[string]bool{
	operators.OptSelect: true, operators.OptIndex: true, "optional.of": true, "optional.ofNonZeroValue": true,
	"optional.none": true, "or": true, "optMap": true, "optFlatMap": true,
}

// objectRoots are the variables of an admission expression that never hold
// an optional value.
var objectRoots = map[string]bool{"object": true, "oldObject": true, "request": true, "params": true, "namespaceObject": true, "authorizer": true}

var parseEnv = sync.OnceValues(func() (*cel.Env, error) { return cel.NewEnv(cel.OptionalTypes()) })

// optionalMisuse finds calls of the optional methods (orValue, value,
// hasValue, or) on values that cannot be optional: a field selected with
// `.` from the object or from a comprehension's element, a literal. The API
// server compiles such a call, since the receiver's type is dynamic; from
// 1.37 (cel-go 0.28) it evaluates it to an error ("no such overload"),
// which denies the request under failurePolicy Fail. Expressions in broken
// are skipped.
func optionalMisuse(exprs []expression, broken map[string]bool) []Issue {
	env, err := parseEnv()
	if err != nil {
		return nil
	}
	var issues []Issue
	for _, e := range exprs {
		if broken[e.field] {
			continue
		}
		ast, iss := env.Parse(e.accessor.GetExpression())
		if iss.Err() != nil {
			continue
		}
		info := ast.NativeRep().SourceInfo()
		for _, call := range misusedCalls(ast.NativeRep().Expr()) {
			loc := info.GetStartLocation(call.ID())
			issues = append(issues, Issue{Field: e.field, Expr: e.expr, Line: loc.Line(), Column: loc.Column(), Runtime: true,
				Message: "this optional method is called on a value that is not optional: kube-apiserver 1.37 evaluates the call to an error (\"no such overload\"), which denies the request under failurePolicy Fail (1.36 and older return the value itself from orValue and or); call it on an optional (for example `a.?b.orValue(x)`)"})
		}
	}
	return issues
}

// misusedCalls are the optional method calls on non-optional receivers, in
// the expression's order.
func misusedCalls(root celast.Expr) []celast.Expr {
	var out []celast.Expr
	var walk func(e celast.Expr, plain map[string]bool)
	walk = func(e celast.Expr, plain map[string]bool) {
		switch e.Kind() {
		case celast.CallKind:
			c := e.AsCall()
			if c.IsMemberFunction() {
				// An element may be an optional ([a.?b].all(o, o.hasValue())),
				// but not have a field that is.
				element := c.Target().Kind() == celast.IdentKind && plain[c.Target().AsIdent()]
				if optionalMethods[c.FunctionName()] && !element && optionality(c.Target(), plain) == notOptional {
					out = append(out, e)
				}
				walk(c.Target(), plain)
			}
			for _, a := range c.Args() {
				walk(a, plain)
			}
		case celast.SelectKind:
			walk(e.AsSelect().Operand(), plain)
		case celast.ListKind:
			for _, el := range e.AsList().Elements() {
				walk(el, plain)
			}
		case celast.MapKind:
			for _, en := range e.AsMap().Entries() {
				walk(en.AsMapEntry().Key(), plain)
				walk(en.AsMapEntry().Value(), plain)
			}
		case celast.StructKind:
			for _, f := range e.AsStruct().Fields() {
				walk(f.AsStructField().Value(), plain)
			}
		case celast.ComprehensionKind:
			comp := e.AsComprehension()
			walk(comp.IterRange(), plain)
			walk(comp.AccuInit(), plain)
			inner := map[string]bool{}
			for k, v := range plain {
				inner[k] = v
			}
			inner[comp.IterVar()] = true
			if comp.HasIterVar2() {
				inner[comp.IterVar2()] = true
			}
			inner[comp.AccuVar()] = optionality(comp.AccuInit(), plain) == notOptional
			walk(comp.LoopCondition(), inner)
			walk(comp.LoopStep(), inner)
			walk(comp.Result(), inner)
		}
	}
	walk(root, map[string]bool{})
	return out
}

type optionalKind int

const (
	unknownOptional optionalKind = iota
	notOptional
	isOptional
)

// optionality says whether e's value is optional, as far as the syntax
// tells; plain are the variables in scope known not to hold optionals.
func optionality(e celast.Expr, plain map[string]bool) optionalKind {
	switch e.Kind() {
	case celast.LiteralKind, celast.ListKind, celast.MapKind, celast.StructKind:
		return notOptional
	case celast.IdentKind:
		if objectRoots[e.AsIdent()] || plain[e.AsIdent()] {
			return notOptional
		}
		return unknownOptional
	case celast.SelectKind:
		if e.AsSelect().IsTestOnly() {
			return notOptional
		}
		return optionality(e.AsSelect().Operand(), plain)
	case celast.CallKind:
		c := e.AsCall()
		name := c.FunctionName()
		if c.IsMemberFunction() && c.Target().Kind() == celast.IdentKind && c.Target().AsIdent() == "optional" {
			name = "optional." + name
		}
		switch {
		case optionalResults[name]:
			return isOptional
		case name == operators.Index:
			return optionality(c.Args()[0], plain)
		case name == "orValue" || name == "value":
			return unknownOptional
		case name == operators.Conditional:
			a, b := optionality(c.Args()[1], plain), optionality(c.Args()[2], plain)
			if a == b {
				return a
			}
		}
	}
	return unknownOptional
}

// appendUnreported appends the issues of more whose position no issue of
// issues has: the type checker already reports an optional method called on
// a typed value that is not optional.
func appendUnreported(issues, more []Issue) []Issue {
	type position struct {
		field        string
		line, column int
	}
	reported := map[position]bool{}
	for _, is := range issues {
		reported[position{is.Field, is.Line, is.Column}] = true
	}
	for _, is := range more {
		if !reported[position{is.Field, is.Line, is.Column}] {
			issues = append(issues, is)
		}
	}
	return issues
}
