// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/cel-go/cel"
	celast "github.com/google/cel-go/common/ast"

	"k8s.io/apimachinery/pkg/util/version"
	"k8s.io/apiserver/pkg/cel/environment"
)

// checkVersions checks that every API server of the range accepts every
// expression when the policy is written: each compiles new expressions with
// the environment of its compatibility version (kube-apiserver rejects the
// whole object otherwise). The environment of a newer API server declares
// everything an older one does (Kubernetes adds CEL libraries and never
// removes one), so what the oldest accepts every newer one accepts: only
// expressions the oldest refuses are compiled with the newer ones, to find
// the first version from which all accept them (TestEveryVersionAgrees
// compiles the shipped policies with every version, and Exhaustive does so
// always). An expression refused in the range that compiles on the newest
// line gets one Issue; expressions in broken already failed to compile and
// are not reported again.
func (c *Checker) checkVersions(hasParams bool, exprs []expression, broken map[string]bool, r Range) ([]Issue, error) {
	servers := r.apiServers()
	refusedBy := map[string]int{} // field → index in servers of the newest that refuses it
	for i, server := range servers {
		if i > 0 && len(refusedBy) == 0 && !c.Exhaustive {
			break
		}
		comp, err := c.writtenCompiler(server)
		if err != nil {
			return nil, err
		}
		for _, is := range compileAsAPIServer(comp, hasParams, exprs, environment.NewExpressions) {
			if !broken[is.Field] {
				refusedBy[is.Field] = i
			}
		}
	}
	var issues []Issue
	for _, e := range exprs {
		last, ok := refusedBy[e.field]
		if !ok {
			continue
		}
		var accepting *version.Version
		if last+1 < len(servers) {
			accepting = servers[last+1]
		}
		is, err := c.versionIssue(e, servers[last], accepting)
		if err != nil {
			return nil, err
		}
		issues = append(issues, is)
	}
	return issues, nil
}

// versionIssue explains why the API server refusing refuses an expression
// that the one accepting accepts (nil: no API server of the supported line).
// It names the first function the expression calls whose declaration
// differs between the two, at the call.
func (c *Checker) versionIssue(e expression, refusing, accepting *version.Version) (Issue, error) {
	is := Issue{Field: e.field, Expr: e.expr, Refusing: refusing, NeedsAPIServer: accepting}
	old, err := environment.MustBaseEnvSet(newExpressionsCompatibility(refusing)).Env(environment.NewExpressions)
	if err != nil {
		return is, err
	}
	newer, err := c.apiServer.env(environment.StoredExpressions)
	if err != nil {
		return is, err
	}
	ast, iss := newer.Parse(e.accessor.GetExpression())
	if iss.Err() != nil {
		return is, nil
	}
	for _, call := range calls(ast) {
		if overloads(old, call.name) == overloads(newer, call.name) {
			continue
		}
		is.Function = call.name
		// CEL places a call at its "("; point at the function's name.
		loc := ast.NativeRep().SourceInfo().GetStartLocation(call.id)
		if loc.Line() > 0 {
			short := call.name[strings.LastIndex(call.name, ".")+1:]
			is.Line, is.Column = loc.Line(), max(loc.Column()-len(short), 0)
		}
		break
	}
	is.Message = versionMessage(is)
	return is, nil
}

func versionMessage(is Issue) string {
	what := "this expression"
	if is.Function != "" {
		what = is.Function + "()"
	}
	if is.NeedsAPIServer == nil {
		return fmt.Sprintf("%s is refused in new policies by every kube-apiserver up to %s", what, minor(Newest))
	}
	return fmt.Sprintf("%s needs kube-apiserver >= %s", what, minor(is.NeedsAPIServer))
}

type call struct {
	name string
	id   int64
}

// calls lists the function calls of a parsed expression in source order.
func calls(ast *cel.Ast) []call {
	var out []call
	info := ast.NativeRep().SourceInfo()
	celast.PreOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() != celast.CallKind {
			return
		}
		c := e.AsCall()
		name := c.FunctionName()
		if c.IsMemberFunction() {
			if q, ok := qualifiedName(c.Target()); ok {
				// format.dns1123Label(): the parser cannot tell a namespaced
				// function from a method of a variable named format.
				out = append(out, call{name: q + "." + name, id: e.ID()})
			}
		}
		out = append(out, call{name: name, id: e.ID()})
	}))
	slices.SortStableFunc(out, func(a, b call) int {
		ra, _ := info.GetOffsetRange(a.id)
		rb, _ := info.GetOffsetRange(b.id)
		return int(ra.Start - rb.Start)
	})
	return out
}

// qualifiedName is the dotted name an identifier or a chain of field
// selections on one spells.
func qualifiedName(e celast.Expr) (string, bool) {
	switch e.Kind() {
	case celast.IdentKind:
		return e.AsIdent(), true
	case celast.SelectKind:
		sel := e.AsSelect()
		if sel.IsTestOnly() {
			return "", false
		}
		q, ok := qualifiedName(sel.Operand())
		return q + "." + sel.FieldName(), ok
	}
	return "", false
}

// overloads is a key of the overloads an environment declares for a function.
func overloads(env *cel.Env, name string) string {
	f, ok := env.Functions()[name]
	if !ok {
		return ""
	}
	var ids []string
	for _, o := range f.OverloadDecls() {
		ids = append(ids, o.ID())
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}
