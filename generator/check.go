package generator

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/generator/diag"
)

// check compiles and type-checks a unit's CEL and reports each problem at the
// place in the source file it comes from.
func (g *generation) check(u *Unit) {
	o := u.Origin
	issues, err := g.checker.Check(u.Policy, matchedKinds(u))
	if err != nil {
		g.diags = append(g.diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path), o.Subject(), fmt.Sprintf("checking CEL: %v", err)))
		return
	}
	for _, is := range issues {
		src, ok := u.sources[is.Field]
		if !ok {
			src = o.Path
		}
		pos := o.Doc.Locate(src)
		if is.Line > 0 {
			pos = o.Doc.ExpressionPos(src, is.Line, is.Column)
		}
		msg := is.String()
		if lib := kyvernoLibrary(is.Message); lib != "" {
			msg = fmt.Sprintf("uses %q from Kyverno's CEL libraries, which the API server does not have", lib)
		}
		g.diags = append(g.diags, o.Doc.Diagnostic(diag.Error, pos, o.Subject(), msg))
	}
}

// matchedKinds are the kinds a unit's policy matches, for type checking.
func matchedKinds(u *Unit) []schema.GroupVersionKind {
	var out []schema.GroupVersionKind
	seen := map[schema.GroupVersionKind]bool{}
	mc := u.Policy.Spec.MatchConstraints
	if mc == nil {
		return nil
	}
	for _, r := range mc.ResourceRules {
		for _, group := range r.APIGroups {
			for _, version := range r.APIVersions {
				for _, res := range r.Resources {
					base, _, _ := cutSubresource(res)
					k, ok := kindOf(group, version, base)
					if ok && !seen[k.GVK] {
						seen[k.GVK] = true
						out = append(out, k.GVK)
					}
				}
			}
		}
	}
	return out
}
