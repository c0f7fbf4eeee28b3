// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/vapgen/vapgen/evaluator/manifest"
	"github.com/vapgen/vapgen/generator"
)

// Policy and Binding are the admissionregistration.k8s.io/v1 kinds.
type (
	Policy  = admissionregistrationv1.ValidatingAdmissionPolicy
	Binding = admissionregistrationv1.ValidatingAdmissionPolicyBinding
)

// Annotations and labels of the generated policies that this package reads.
const (
	annotationProfile     = "vapgen.io/profile"
	annotationPodTemplate = "vapgen.io/pod-template"
	annotationOverlay     = "vapgen.io/overlay"
	// DefaultLabelPrefix is the generator's default namespace label prefix.
	DefaultLabelPrefix = "pod-security.vapgen.io"
	// BenchLabelPrefix prefixes the namespace labels that select the
	// hand-made layouts of this package, so that they never select the
	// shipped bindings (and the label guard does not guard them).
	BenchLabelPrefix = "bench.vapgen.io"
)

// Set is a set of policies and bindings.
type Set struct {
	Policies []*Policy
	Bindings []*Binding
}

// Add appends another set's objects.
func (s *Set) Add(o *Set) {
	s.Policies = append(s.Policies, o.Policies...)
	s.Bindings = append(s.Bindings, o.Bindings...)
}

// Generated generates the policies and overlays as make generate does with
// the shipped vapgen.yaml (kube-system exempt).
func Generated(policies, overlays string) (*Set, error) {
	result, problems := generator.Generate(generator.Options{
		Policies:   []string{policies},
		Overlays:   []string{overlays},
		Exemptions: generator.Exemptions{Namespaces: []string{"kube-system"}},
	})
	if result == nil {
		return nil, problems
	}
	s := &Set{}
	for _, u := range result.Units {
		s.Policies = append(s.Policies, u.Policies...)
		s.Bindings = append(s.Bindings, u.Bindings...)
	}
	return s, nil
}

// GeneratedPrefix prefixes the namespace labels of the per-profile layout
// that PerProfile generates, so that it never selects the shipped bindings.
const GeneratedPrefix = "generated." + BenchLabelPrefix

// PerProfile generates the policies and overlays in the generator's
// per-profile layout (generator.PerProfile), as make generate writes
// manifests-per-profile/, but bound on labels under GeneratedPrefix and
// without the label guard (the shipped set has one).
func PerProfile(policies, overlays string) (*Set, error) {
	result, problems := generator.Generate(generator.Options{
		Policies:    []string{policies},
		Overlays:    []string{overlays},
		Exemptions:  generator.Exemptions{Namespaces: []string{"kube-system"}},
		LabelPrefix: GeneratedPrefix,
		Layout:      generator.PerProfile,
		LabelGuard:  generator.LabelGuard{Disabled: true},
	})
	if result == nil {
		return nil, problems
	}
	s := &Set{}
	for _, u := range result.Units {
		s.Policies = append(s.Policies, u.Policies...)
		s.Bindings = append(s.Bindings, u.Bindings...)
	}
	return s, nil
}

// LoadManifests reads the policies and bindings of a generated tree
// (manifests/).
func LoadManifests(dir string) (*Set, error) {
	docs, err := manifest.Read(dir)
	if err != nil {
		return nil, err
	}
	s := &Set{}
	for _, d := range docs {
		var into any
		switch d.Object.GetKind() {
		case "ValidatingAdmissionPolicy":
			p := &Policy{}
			s.Policies, into = append(s.Policies, p), p
		case "ValidatingAdmissionPolicyBinding":
			b := &Binding{}
			s.Bindings, into = append(s.Bindings, b), b
		default:
			continue
		}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(d.Object.Object, into); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Source, err)
		}
	}
	return s, nil
}

// RulePolicies returns the base rules' policies (no overlay copies, no label
// guard) of the given profiles for one pod template path ("" for the pod
// policies, "spec.template" for the workloads ones), baseline first, then by
// name.
func (s *Set) RulePolicies(template string, profiles ...string) []*Policy {
	var out []*Policy
	for _, p := range s.Policies {
		a := p.Annotations
		if a[annotationPodTemplate] != template || a[annotationOverlay] != "" || !slices.Contains(profiles, a[annotationProfile]) {
			continue
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := out[i].Annotations[annotationProfile], out[j].Annotations[annotationProfile]
		if pi != pj {
			return pi == "baseline"
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// OptOutKey is the namespace label key whose value "exclude" lifts the
// policy, read from its bindings' selectors.
func (s *Set) OptOutKey(policyName string) (string, error) {
	for _, b := range s.Bindings {
		if b.Spec.PolicyName != policyName || b.Spec.MatchResources == nil || b.Spec.MatchResources.NamespaceSelector == nil {
			continue
		}
		for _, e := range b.Spec.MatchResources.NamespaceSelector.MatchExpressions {
			if e.Operator == metav1.LabelSelectorOpNotIn && slices.Equal(e.Values, []string{"exclude"}) {
				return e.Key, nil
			}
		}
	}
	return "", fmt.Errorf("no binding of %s has an opt-out label", policyName)
}

// MergeOptions configure Merge.
type MergeOptions struct {
	Name string
	// OptOut returns the label key that lifts a merged policy's validations
	// when a namespace sets it to "exclude"; nil or "" for none.
	OptOut func(policyName string) string
	// Replace is applied to every expression (old, new, ...), e.g. to move
	// a profile label key.
	Replace []string
}

var variableRef = regexp.MustCompile(`\bvariables\.([A-Za-z_][A-Za-z0-9_]*)`)

// Merge returns one policy with the validations of all the given policies,
// which must have the same matchConstraints, matchConditions and failure
// policy: the layout of one policy per profile. Variables are renamed
// per source policy where their names clash, and shared where the
// expressions are identical (the CEL variables of a policy are evaluated at
// most once per request). Each validation is guarded by its policy's
// opt-out label, read from namespaceObject:
//
//	(namespaceObject != null && namespaceObject.metadata.?labels[?'<key>'].orValue('') == 'exclude') || (<expression>)
func Merge(policies []*Policy, opts MergeOptions) (*Policy, error) {
	if len(policies) == 0 {
		return nil, fmt.Errorf("nothing to merge")
	}
	first := policies[0]
	out := &Policy{
		TypeMeta: metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   opts.Name,
			Labels: map[string]string{"app.kubernetes.io/managed-by": "vapgen-bench"},
		},
	}
	first.Spec.DeepCopyInto(&out.Spec)
	out.Spec.Variables, out.Spec.Validations, out.Spec.AuditAnnotations = nil, nil, nil
	replacer := strings.NewReplacer(opts.Replace...)
	for i := range out.Spec.MatchConditions {
		mc := &out.Spec.MatchConditions[i]
		mc.Expression = replacer.Replace(mc.Expression)
	}
	byExpression := map[string]string{} // rewritten expression -> merged variable name
	taken := map[string]bool{}
	for i, p := range policies {
		if !equalConstraints(first, p) {
			return nil, fmt.Errorf("%s and %s differ in matchConstraints, matchConditions or failurePolicy", first.Name, p.Name)
		}
		if len(p.Spec.AuditAnnotations) > 0 || p.Spec.ParamKind != nil {
			return nil, fmt.Errorf("%s: auditAnnotations and paramKind are not supported", p.Name)
		}
		names := map[string]string{}
		rewrite := func(expr string) string {
			return variableRef.ReplaceAllStringFunc(replacer.Replace(expr), func(ref string) string {
				name := strings.TrimPrefix(ref, "variables.")
				if n, ok := names[name]; ok {
					return "variables." + n
				}
				return ref
			})
		}
		for _, v := range p.Spec.Variables {
			expr := rewrite(v.Expression)
			if n, ok := byExpression[expr]; ok {
				names[v.Name] = n
				continue
			}
			n := v.Name
			if taken[n] {
				n = fmt.Sprintf("%s_%d", v.Name, i)
			}
			taken[n], names[v.Name], byExpression[expr] = true, n, n
			out.Spec.Variables = append(out.Spec.Variables, admissionregistrationv1.Variable{Name: n, Expression: expr})
		}
		guard := ""
		if opts.OptOut != nil {
			if key := opts.OptOut(p.Name); key != "" {
				guard = fmt.Sprintf("(namespaceObject != null && namespaceObject.metadata.?labels[?%q].orValue('') == 'exclude') || ", key)
			}
		}
		for _, v := range p.Spec.Validations {
			v := *v.DeepCopy()
			v.Expression = guard + "(" + rewrite(v.Expression) + ")"
			if v.MessageExpression != "" {
				v.MessageExpression = rewrite(v.MessageExpression)
			}
			out.Spec.Validations = append(out.Spec.Validations, v)
		}
	}
	return out, nil
}

func equalConstraints(a, b *Policy) bool {
	return reflect.DeepEqual(a.Spec.MatchConstraints, b.Spec.MatchConstraints) &&
		slices.Equal(a.Spec.MatchConditions, b.Spec.MatchConditions) &&
		reflect.DeepEqual(a.Spec.FailurePolicy, b.Spec.FailurePolicy)
}

// StripMessageExpressions returns a copy without messageExpressions (the
// static messages stay). The API server evaluates every messageExpression of
// a matched policy on every request, admitted or not, in a fresh activation
// that evaluates the variables they use again.
func StripMessageExpressions(p *Policy) *Policy {
	out := p.DeepCopy()
	for i := range out.Spec.Validations {
		out.Spec.Validations[i].MessageExpression = ""
	}
	return out
}

// FoldMatchConditions returns a copy whose matchConditions are moved into
// every validation (`!(conditions) || (expression)`). The API server
// evaluates matchConditions in an activation of their own, which converts
// the request object to unstructured form once more.
func FoldMatchConditions(p *Policy) *Policy {
	out := p.DeepCopy()
	if len(out.Spec.MatchConditions) == 0 {
		return out
	}
	var conds []string
	for _, mc := range out.Spec.MatchConditions {
		conds = append(conds, "("+mc.Expression+")")
	}
	cond := strings.Join(conds, " && ")
	for i := range out.Spec.Validations {
		v := &out.Spec.Validations[i]
		v.Expression = "!(" + cond + ") || (" + v.Expression + ")"
	}
	out.Spec.MatchConditions = nil
	return out
}

// Renamed returns a copy with another name.
func Renamed(p *Policy, name string) *Policy {
	out := p.DeepCopy()
	out.Name = name
	out.ResourceVersion, out.UID, out.Generation = "", "", 0
	out.Status = admissionregistrationv1.ValidatingAdmissionPolicyStatus{}
	return out
}

// Bindings binds a policy like the generator binds a restricted rule, but
// on labels under prefix: Deny where <prefix>/profile is one of profiles,
// Warn where <prefix>/warn is, Audit where <prefix>/audit is; kube-system
// is left out, and so is a namespace whose optOutKey (if any) is "exclude".
func Bindings(policyName, prefix, optOutKey string, profiles ...string) []*Binding {
	var out []*Binding
	for _, m := range []struct {
		label, suffix string
		action        admissionregistrationv1.ValidationAction
	}{{"profile", "", admissionregistrationv1.Deny}, {"warn", "-warn", admissionregistrationv1.Warn}, {"audit", "-audit", admissionregistrationv1.Audit}} {
		exprs := []metav1.LabelSelectorRequirement{{Key: prefix + "/" + m.label, Operator: metav1.LabelSelectorOpIn, Values: profiles}}
		if optOutKey != "" {
			exprs = append(exprs, metav1.LabelSelectorRequirement{Key: optOutKey, Operator: metav1.LabelSelectorOpNotIn, Values: []string{"exclude"}})
		}
		exprs = append(exprs, metav1.LabelSelectorRequirement{Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpNotIn, Values: []string{"kube-system"}})
		equivalent := admissionregistrationv1.Equivalent
		out = append(out, &Binding{
			TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicyBinding"},
			ObjectMeta: metav1.ObjectMeta{Name: policyName + m.suffix, Labels: map[string]string{"app.kubernetes.io/managed-by": "vapgen-bench"}},
			Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
				PolicyName:        policyName,
				ValidationActions: []admissionregistrationv1.ValidationAction{m.action},
				MatchResources: &admissionregistrationv1.MatchResources{
					MatchPolicy:       &equivalent,
					NamespaceSelector: &metav1.LabelSelector{MatchExpressions: exprs},
					ObjectSelector:    &metav1.LabelSelector{},
				},
			},
		})
	}
	return out
}

// Layout is one way of deploying the restricted profile for a kind of
// object: its policies and bindings, and the namespace labels that select
// it.
type Layout struct {
	Name   string
	Labels map[string]string
	Set
}

// LayoutNames are the layouts Layouts builds, in order:
//
//   - per-rule: the shipped policies, selected by <DefaultLabelPrefix>/profile=restricted
//     (no extra objects: they are in the shipped set);
//   - per-rule-nomsg, per-rule-nomc, per-rule-lean: copies of the shipped
//     rule policies without messageExpressions, with their matchConditions
//     folded into the validations, or both;
//   - per-profile: one policy with every baseline and restricted rule (Merge);
//   - per-profile-lean: the same without messageExpressions and with the
//     matchConditions folded into the validations;
//   - per-profile-2: one policy per profile (baseline, restricted), as a
//     generator layout would deploy them: a restricted namespace matches both.
var LayoutNames = []string{"per-rule", "per-rule-nomsg", "per-rule-nomc", "per-rule-lean", "per-profile", "per-profile-lean", "per-profile-2"}

// Layouts builds the layouts of LayoutNames from the shipped set, for pods
// (template "") or for one pod template path ("spec.template": Deployments
// and the other workloads). The hand-made layouts are named
// bench-<layout>-<suffix> (per profile) or <rule>-<layout> (per rule) and
// selected by the label <layout>.<BenchLabelPrefix>/profile=restricted; a
// per-rule copy keeps its rule's opt-out label.
func Layouts(shipped *Set, template, suffix string) ([]Layout, error) {
	rules := shipped.RulePolicies(template, "baseline", "restricted")
	if len(rules) == 0 {
		return nil, fmt.Errorf("no rule policies for template %q", template)
	}
	profileKey := DefaultLabelPrefix + "/profile"
	optOut := map[string]string{}
	for _, p := range rules {
		key, err := shipped.OptOutKey(p.Name)
		if err != nil {
			return nil, err
		}
		optOut[p.Name] = key
	}
	var layouts []Layout
	for _, name := range LayoutNames {
		if name == "per-rule" {
			layouts = append(layouts, Layout{Name: name, Labels: map[string]string{profileKey: "restricted"}})
			continue
		}
		prefix := name + "." + BenchLabelPrefix
		replace := []string{"'" + profileKey + "'", "'" + prefix + "/profile'", `"` + profileKey + `"`, `"` + prefix + `/profile"`}
		lean := func(p *Policy) *Policy {
			if strings.HasSuffix(name, "-nomsg") || strings.HasSuffix(name, "-lean") {
				p = StripMessageExpressions(p)
			}
			if strings.HasSuffix(name, "-nomc") || strings.HasSuffix(name, "-lean") {
				p = FoldMatchConditions(p)
			}
			return p
		}
		l := Layout{Name: name, Labels: map[string]string{prefix + "/profile": "restricted"}}
		if strings.HasPrefix(name, "per-profile") {
			groups := [][]*Policy{rules}
			if name == "per-profile-2" {
				groups = [][]*Policy{shipped.RulePolicies(template, "baseline"), shipped.RulePolicies(template, "restricted")}
			}
			for _, g := range groups {
				mergedName := "bench-" + name + "-" + suffix
				if len(groups) > 1 {
					mergedName = "bench-" + name + "-" + g[0].Annotations[annotationProfile] + "-" + suffix
				}
				merged, err := Merge(g, MergeOptions{
					Name:    mergedName,
					OptOut:  func(n string) string { return optOut[n] },
					Replace: replace,
				})
				if err != nil {
					return nil, err
				}
				merged = lean(merged)
				l.Policies = append(l.Policies, merged)
				l.Bindings = append(l.Bindings, Bindings(merged.Name, prefix, "", "restricted")...)
			}
		} else {
			r := strings.NewReplacer(replace...)
			for _, p := range rules {
				c := lean(Renamed(p, p.Name+"-"+strings.TrimPrefix(name, "per-rule-")))
				c.Labels = map[string]string{"app.kubernetes.io/managed-by": "vapgen-bench"}
				for i := range c.Spec.Variables {
					c.Spec.Variables[i].Expression = r.Replace(c.Spec.Variables[i].Expression)
				}
				for i := range c.Spec.Validations {
					c.Spec.Validations[i].Expression = r.Replace(c.Spec.Validations[i].Expression)
				}
				l.Policies = append(l.Policies, c)
				l.Bindings = append(l.Bindings, Bindings(c.Name, prefix, optOut[p.Name], "restricted")...)
			}
		}
		layouts = append(layouts, l)
	}
	return layouts, nil
}
