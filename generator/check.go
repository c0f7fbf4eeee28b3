package generator

import (
	"errors"

	"k8s.io/apimachinery/pkg/runtime/schema"
)

// check compiles and type-checks a unit's CEL and reports each problem at the
// place in the source file it comes from. It reports whether the unit is sound.
func (g *generation) check(u *Unit) bool {
	o := u.Origin
	p := &problems{doc: o.Doc, subject: o.Subject()}
	defer p.report(&g.diags, g.opts.SkipUnsupported)
	issues, err := g.checker.Check(u.Policy, matchedKinds(u))
	if err != nil {
		p.errorf(o.Path, "checking CEL: %v", err)
		return false
	}
	for _, is := range kyvernoLibraryIssues(issues) {
		src, ok := u.sources[is.Field]
		if !ok {
			src = o.Path
		}
		pos := o.Doc.Locate(src)
		if is.Line > 0 {
			pos = o.Doc.ExpressionPos(src, is.Line, is.Column)
		}
		if lib := kyvernoLibrary(is.Message); lib != "" {
			p.addAt(pos, errUnsupported("uses %q from Kyverno's CEL libraries, which the API server does not have", lib))
		} else {
			p.addAt(pos, errors.New(is.String()))
		}
	}
	return p.ok()
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
