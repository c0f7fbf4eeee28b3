package generator

import (
	"errors"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/generator/celcheck"
)

// check compiles and type-checks the CEL of one policy of a unit and
// reports each problem at the place in the source file it comes from: inside
// the expression when exact (the policy holds the source's text), else at the
// expression. It reports whether the policy is sound.
func (g *generation) check(u *Unit, vap *admissionregistrationv1.ValidatingAdmissionPolicy, exact bool) bool {
	o := u.Origin
	p := &problems{doc: o.Doc, subject: o.Subject()}
	defer p.report(&g.diags, g.opts.SkipUnsupported)
	issues, err := g.checker.Check(vap, matchedKinds(vap), g.opts.apiServers())
	if err != nil {
		p.errorf(o.Path, "checking CEL of %s: %v", vap.Name, err)
		return false
	}
	g.report(p, u, issues, exact)
	return p.ok()
}

func (g *generation) report(p *problems, u *Unit, issues []celcheck.Issue, exact bool) {
	for _, is := range kyvernoLibraryIssues(issues) {
		src := u.sourceOf(is.Field)
		pos := u.Origin.Doc.Locate(src)
		if is.Line > 0 && exact && src != u.Origin.Path {
			pos = u.Origin.Doc.ExpressionPos(src, is.Line, is.Column)
		}
		switch lib := kyvernoLibrary(is.Message); {
		case lib != "":
			p.addAt(pos, errUnsupported("uses %q from Kyverno's CEL libraries, which the API server does not have", lib))
		case is.Refusing != nil:
			p.addAt(pos, fmt.Errorf("%s (--kubernetes-version is %s)", is.Message, g.opts.KubernetesVersion))
		default:
			p.addAt(pos, errors.New(is.String()))
		}
	}
}

// matchedKinds are the kinds a policy matches, for type checking.
func matchedKinds(vap *admissionregistrationv1.ValidatingAdmissionPolicy) []schema.GroupVersionKind {
	var out []schema.GroupVersionKind
	seen := map[schema.GroupVersionKind]bool{}
	mc := vap.Spec.MatchConstraints
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
