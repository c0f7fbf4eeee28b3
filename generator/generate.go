package generator

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"slices"
	"sort"
	"strings"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/generator/diag"
	"github.com/vapgen/vapgen/generator/document"
)

// Result is what a generation produced, sorted by profile and name.
type Result struct {
	Units []*Unit
	// Warnings are problems that did not stop generation.
	Warnings diag.List
}

// generation holds the state of one Generate call.
type generation struct {
	opts    Options
	checker *celcheck.Checker
	units   []*Unit
	diags   diag.List
}

var sharedChecker = celcheck.New()

// Generate reads the policies and returns one unit per rule. Every problem
// found is returned, sorted; the result is nil when any of them is an error.
func Generate(opts Options) (*Result, diag.List) {
	if err := opts.Validate(); err != nil {
		return nil, diag.List{{Severity: diag.Error, Message: err.Error()}}
	}
	g := &generation{opts: opts.withDefaults(), checker: sharedChecker}
	docs, problems := document.LoadPaths(g.opts.Policies)
	g.diags = append(g.diags, problems...)
	for _, doc := range docs {
		g.convert(doc)
	}
	overlayDocs, problems := document.LoadPaths(g.opts.Overlays)
	g.diags = append(g.diags, problems...)
	g.finish(g.loadOverlays(overlayDocs))
	g.diags.Sort()
	if g.diags.HasErrors() {
		return nil, g.diags
	}
	return &Result{Units: g.units, Warnings: g.diags}, nil
}

// policyKinds maps the API group of the policy kinds vapgen reads to their
// versions.
var policyKinds = map[string]struct {
	kinds    []string
	versions []string
}{
	"kyverno.io":          {kinds: []string{"ClusterPolicy", "Policy"}, versions: []string{"v1"}},
	"policies.kyverno.io": {kinds: []string{"ValidatingPolicy"}, versions: []string{"v1alpha1", "v1beta1", "v1"}},
}

// convert dispatches a document by its apiVersion and kind. Documents of other
// API groups are not policies and are ignored; other kinds of Kyverno's policy
// groups change what policies mean, so they cannot be ignored.
func (g *generation) convert(doc *document.Document) {
	group, version, found := strings.Cut(doc.APIVersion, "/")
	if !found {
		return
	}
	known, ok := policyKinds[group]
	if !ok {
		return
	}
	p := &problems{doc: doc, subject: fmt.Sprintf("%s %q", doc.Kind, doc.Name)}
	switch {
	case !slices.Contains(known.kinds, doc.Kind):
		p.unsupportedf("kind", "kind %s of %s", doc.Kind, group)
	case !slices.Contains(known.versions, version):
		p.errorf("apiVersion", "unknown apiVersion %s for %s (want %s)", doc.APIVersion, doc.Kind, versionsOf(group, known.versions))
	case doc.Kind == "ValidatingPolicy":
		g.convertValidatingPolicy(doc)
	default:
		g.convertClusterPolicy(doc)
	}
	p.report(&g.diags, g.opts.SkipUnsupported)
}

func versionsOf(group string, versions []string) string {
	out := make([]string, len(versions))
	for i, v := range versions {
		out[i] = group + "/" + v
	}
	return strings.Join(out, " or ")
}

// decode decodes a document strictly, reporting every problem at its field.
func (g *generation) decode(doc *document.Document, v any) bool {
	errs := doc.Decode(v)
	for _, e := range errs {
		g.diags = append(g.diags, doc.Diagnostic(diag.Error, doc.Locate(e.Path), fmt.Sprintf("%s %q", doc.Kind, doc.Name), e.Error()))
	}
	return len(errs) == 0
}

// finish names the units, extends pod rules, checks all CEL and builds the
// bindings. The policies derived for pod templates are built only from a
// rule whose own policy is sound, so that each problem is reported once.
func (g *generation) finish(overlays []loadedOverlay) {
	for _, u := range g.units {
		g.name(u)
	}
	g.rejectDuplicates()
	g.rejectUnknownRuleSettings()
	g.applyOverlays(overlays)
	g.rejectDuplicates()
	var sound []*Unit
	for _, u := range g.units {
		podRule := isPodRule(u.Policy)
		u.prependConditions(&u.Policy.Spec, exemptionConditions(g.opts.Exemptions, podRule)...)
		base := u.Policy.DeepCopy()
		if podRule {
			extendPodPolicy(u)
		}
		u.Policies = []*admissionregistrationv1.ValidatingAdmissionPolicy{u.Policy}
		if !g.check(u, u.Policy, true) {
			continue
		}
		if podRule && g.opts.controllersFor(u.Name) != ControllersOff {
			if !g.addTemplatePolicies(u, base) {
				continue
			}
		}
		u.Bindings = g.bindingsFor(u)
		sound = append(sound, u)
	}
	rules := ruleNames(sound)
	if g.opts.Layout == PerProfile {
		sound = g.mergeProfiles(sound)
	}
	if !g.opts.LabelGuard.Disabled {
		if guard := g.guard(rules); guard != nil {
			sound = append(sound, guard)
		}
	}
	g.rejectDuplicatePolicies(sound)
	g.units = sound
	sort.Slice(g.units, func(i, j int) bool {
		a, b := g.units[i], g.units[j]
		if a.Dir() != b.Dir() {
			return a.Dir() < b.Dir()
		}
		return a.Name < b.Name
	})
}

// ruleNames are the names of the rules, which their opt-out labels carry
// (overlay copies use their base rule's).
func ruleNames(units []*Unit) []string {
	var out []string
	for _, u := range units {
		if u.Overlay == "" {
			out = append(out, u.Name)
		}
	}
	return out
}

// rejectUnknownRuleSettings reports per-rule settings for names no rule has,
// which are most likely typos.
func (g *generation) rejectUnknownRuleSettings() {
	names := map[string]bool{}
	for _, u := range g.units {
		names[u.Name] = true
	}
	for name := range g.opts.RuleControllers {
		if !names[name] {
			g.diags.Errorf(diag.Position{File: "config"}, "", "rules.%s: no generated policy has that name", name)
		}
	}
}

// guard builds and checks the label guard.
func (g *generation) guard(rules []string) *Unit {
	u := guardUnit(g.opts, rules)
	issues, err := g.checker.Check(u.Policy, matchedKinds(u.Policy), g.opts.apiServers())
	if err == nil && len(issues) > 0 {
		err = fmt.Errorf("%s: %s", issues[0].Field, issues[0])
	}
	if err != nil {
		g.diags.Errorf(diag.Position{File: "label guard"}, "", "internal error: the generated label guard does not compile: %v", err)
		return nil
	}
	return u
}
