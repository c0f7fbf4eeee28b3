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
	"github.com/vapgen/vapgen/generator/kyverno"
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
	g.finish()
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
	data, err := doc.JSON()
	if err != nil {
		g.diags = append(g.diags, doc.Diagnostic(diag.Error, doc.Pos(), "", err.Error()))
		return false
	}
	errs := kyverno.Decode(data, v)
	for _, e := range errs {
		g.diags = append(g.diags, doc.Diagnostic(diag.Error, doc.Locate(e.Path), fmt.Sprintf("%s %q", doc.Kind, doc.Name), e.Error()))
	}
	return len(errs) == 0
}

// finish names the units, extends pod rules, checks all CEL and builds the
// bindings. The policies derived for pod templates are built only from a
// rule whose own policy is sound, so that each problem is reported once.
func (g *generation) finish() {
	for _, u := range g.units {
		g.name(u)
	}
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
	g.units = sound
	sort.Slice(g.units, func(i, j int) bool {
		a, b := g.units[i], g.units[j]
		if a.Profile != b.Profile {
			return a.Profile < b.Profile
		}
		return a.Name < b.Name
	})
}
