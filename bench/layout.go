// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/vapgen/vapgen/evaluator/manifest"
	"github.com/vapgen/vapgen/generator"
)

// Policy and Binding are the admissionregistration.k8s.io/v1 kinds.
type (
	Policy  = admissionregistrationv1.ValidatingAdmissionPolicy
	Binding = admissionregistrationv1.ValidatingAdmissionPolicyBinding
)

// BenchLabelPrefix ends the label prefixes of the layouts this package
// generates, so that they never select the shipped bindings (and the label
// guard does not guard them).
const BenchLabelPrefix = "bench.vapgen.io"

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

// generate runs the generator on the policies and overlays with the
// shipped vapgen.yaml's settings (kube-system exempt), the layout and label
// prefix given, without the label guard.
func generate(policies, overlays string, layout generator.Layout, prefix string) (*Set, error) {
	result, problems := generator.Generate(generator.Options{
		Policies:    []string{policies},
		Overlays:    []string{overlays},
		Exemptions:  generator.Exemptions{Namespaces: []string{"kube-system"}},
		LabelPrefix: prefix,
		Layout:      layout,
		LabelGuard:  generator.LabelGuard{Disabled: true},
	})
	if result == nil {
		return nil, problems
	}
	p, b := result.Objects()
	return &Set{Policies: p, Bindings: b}, nil
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

// Layout is one way of deploying the policies, as the generator writes it
// with a label prefix of its own, and the namespace labels that select its
// restricted profile.
type Layout struct {
	Name   string
	Labels map[string]string
	Set
}

// LayoutNames are the layouts Layouts builds: the generator's per-rule and
// per-profile layouts, and each with experiments applied to every policy:
// -nomsg without messageExpressions (the static messages stay), -lean also
// with the matchConditions folded into the validations.
var LayoutNames = []string{"per-rule", "per-rule-nomsg", "per-rule-lean", "per-profile", "per-profile-nomsg", "per-profile-lean"}

// Layouts generates the named layouts (LayoutNames when none). Layout l is
// bound on labels under <l>.BenchLabelPrefix and its objects are named
// <name>-<l>, so that every layout can live in one cluster beside the
// shipped set.
func Layouts(policies, overlays string, names ...string) ([]Layout, error) {
	if len(names) == 0 {
		names = LayoutNames
	}
	var out []Layout
	for _, name := range names {
		base, experiment := name, ""
		for _, l := range []string{"per-rule", "per-profile"} {
			if rest, ok := strings.CutPrefix(name, l); ok {
				base, experiment = l, strings.TrimPrefix(rest, "-")
			}
		}
		prefix := name + "." + BenchLabelPrefix
		set, err := generate(policies, overlays, generator.Layout(base), prefix)
		if err != nil {
			return nil, fmt.Errorf("layout %s: %w", name, err)
		}
		for i, p := range set.Policies {
			switch experiment {
			case "":
			case "nomsg":
				p = StripMessageExpressions(p)
			case "lean":
				p = FoldMatchConditions(StripMessageExpressions(p))
			default:
				return nil, fmt.Errorf("unknown layout %q (want one of %v)", name, LayoutNames)
			}
			p.Name += "-" + name
			set.Policies[i] = p
		}
		for _, b := range set.Bindings {
			b.Name += "-" + name
			b.Spec.PolicyName += "-" + name
		}
		out = append(out, Layout{Name: name, Labels: map[string]string{prefix + "/profile": "restricted"}, Set: *set})
	}
	return out, nil
}

// StripMessageExpressions returns a copy without messageExpressions (the
// static messages stay). The API server evaluates every messageExpression of
// a matched policy on every request, admitted or not, in an activation of
// their own that evaluates the variables they use again.
func StripMessageExpressions(p *Policy) *Policy {
	out := p.DeepCopy()
	for i := range out.Spec.Validations {
		out.Spec.Validations[i].MessageExpression = ""
	}
	return out
}

// FoldMatchConditions returns a copy whose matchConditions are moved into
// every validation (`!(conditions) || (expression)`). The API server
// evaluates matchConditions in an activation of their own.
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
