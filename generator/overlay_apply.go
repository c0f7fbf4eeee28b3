package generator

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/generator/naming"
)

// Annotations of the policies an overlay generates.
const (
	OverlayAnnotation       = "vapgen.io/overlay"
	OverlaySourceAnnotation = "vapgen.io/overlay-source"
)

// applyOverlays adds, for every base rule an overlay relaxes, a copy bound to
// the overlay's namespaces only, and makes the base rule skip them. So in
// every namespace exactly one of the two applies, in the same generated set.
func (g *generation) applyOverlays(overlays []loadedOverlay) {
	byName := map[string]*Unit{}
	for _, u := range g.units {
		byName[u.Name] = u
	}
	// owner[rule][namespace] is the overlay that replaces rule there.
	owner := map[string]map[string]string{}
	var added []*Unit
	for _, o := range overlays {
		p := &problems{doc: o.doc, subject: fmt.Sprintf("overlay %q", o.Name)}
		replaced := map[string]bool{}
		for variable, values := range o.Spec.Allow.allowListVariables() {
			targets := unitsWithVariable(g.units, variable)
			if len(targets) == 0 {
				p.errorf("spec.allow", "no rule declares the allow-list variable %q that this overlay extends", variable)
			}
			for _, base := range targets {
				replaced[base.Name] = true
				added = append(added, g.extendedCopy(base, o, variable, values))
			}
		}
		for i, r := range o.Spec.Replace {
			at := fmt.Sprintf("spec.replace[%d]", i)
			base, ok := byName[r.Rule]
			if !ok {
				p.errorf(at+".rule", "no rule generates the policy %q", r.Rule)
				continue
			}
			if replaced[r.Rule] {
				p.errorf(at+".rule", "rule %q is already replaced by this overlay's allow-lists", r.Rule)
				continue
			}
			replaced[r.Rule] = true
			if u := g.replacement(base, o, i, &r.With); u != nil {
				added = append(added, u)
			}
		}
		for rule := range replaced {
			if owner[rule] == nil {
				owner[rule] = map[string]string{}
			}
			for _, ns := range o.Spec.Namespaces {
				if other, taken := owner[rule][ns]; taken {
					p.errorf("spec.namespaces", "overlays %q and %q both replace rule %q in namespace %q", other, o.Name, rule, ns)
				}
				owner[rule][ns] = o.Name
			}
			byName[rule].skipNamespaces = sortedCopy(append(byName[rule].skipNamespaces, o.Spec.Namespaces...))
		}
		p.report(&g.diags, false)
	}
	g.units = append(g.units, added...)
}

func unitsWithVariable(units []*Unit, variable string) []*Unit {
	var out []*Unit
	for _, u := range units {
		for _, v := range u.Policy.Spec.Variables {
			if v.Name == variable {
				out = append(out, u)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// overlayUnit starts the unit an overlay generates in place of base.
func overlayUnit(base *Unit, o loadedOverlay) *Unit {
	u := &Unit{
		Name:           naming.Shorten(base.Name+"-"+o.Name, naming.MaxLength),
		Profile:        base.Profile,
		Origin:         base.Origin,
		Overlay:        o.Name,
		optOutName:     base.optOut(),
		onlyNamespaces: sortedCopy(o.Spec.Namespaces),
		policyActions:  base.policyActions,
		paramRef:       base.paramRef,
		sources:        base.sources,
	}
	u.Policy = base.Policy.DeepCopy()
	u.Policy.Name = u.Name
	u.Policy.Annotations[OverlayAnnotation] = o.Name
	u.Policy.Annotations[OverlaySourceAnnotation] = o.doc.File
	return u
}

// extendedCopy is base with values appended to its allow-list variable.
func (g *generation) extendedCopy(base *Unit, o loadedOverlay, variable string, values []string) *Unit {
	u := overlayUnit(base, o)
	for i := range u.Policy.Spec.Variables {
		v := &u.Policy.Spec.Variables[i]
		if v.Name == variable {
			v.Expression = fmt.Sprintf("(%s) + %s", strings.TrimSpace(v.Expression), celStringList(values))
		}
	}
	return u
}

// replacement converts an overlay's custom rule into the unit that replaces
// base in the overlay's namespaces.
func (g *generation) replacement(base *Unit, o loadedOverlay, i int, rule *kyverno.Rule) *Unit {
	path := fmt.Sprintf("spec.replace[%d].with", i)
	p := &problems{doc: o.doc, subject: fmt.Sprintf("overlay %q replacement of %q", o.Name, base.Name)}
	cp := &kyverno.ClusterPolicy{}
	cp.Kind, cp.Name = "ClusterPolicy", o.Name
	converted := convertRule(cp, rule, path, p)
	if !p.ok() {
		p.report(&g.diags, false)
		return nil
	}
	u := overlayUnit(base, o)
	u.Origin = Origin{Doc: o.doc, PolicyKind: OverlayKind, Policy: o.Name, Rule: rule.Name, Path: path}
	annotations := u.Policy.Annotations
	u.Policy = converted.Policy
	u.Policy.ObjectMeta = *base.Policy.ObjectMeta.DeepCopy()
	u.Policy.Name = u.Name
	u.Policy.Annotations = annotations
	u.Policy.Annotations[SourceAnnotation] = o.doc.File
	u.Policy.Annotations[RuleAnnotation] = rule.Name
	u.Policy.Annotations[PolicyAnnotation] = OverlayKind + "/" + o.Name
	u.policyActions, u.paramRef, u.sources = converted.policyActions, converted.paramRef, converted.sources
	completePolicy(u.Policy)
	return u
}
