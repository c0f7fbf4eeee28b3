// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podrules

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
)

// A workload is stored as written (mutating it would make GitOps tools see
// drift), and the MutatingAdmissionPolicies set their defaults in the pods
// its controller creates. So that a workload is judged by what its pods
// will be, a rule whose control a default fixes names that default
// (DefaultedByAnnotation) and gives, for each variable whose value the
// default changes, the value after it (a variable of the same name with
// DefaultedSuffix, defined before it). Its pod template policies use that
// value in namespaces where the default applies; its pod policy, which
// judges pods already mutated, keeps the rule as written.
const (
	DefaultedByAnnotation = "vapgen.io/defaulted-by"
	DefaultedSuffix       = "WhenDefaulted"
	// defaultedVariable tells, in a template policy, whether the default
	// applies in the request's namespace.
	defaultedVariable = "vapgenDefaulted"
)

// Defaults are the generated MutatingAdmissionPolicies by name.
type Defaults map[string]*model.Mutation

// defaulted makes a template policy's spec use the values after the
// default where it applies. Problems with the annotation or the variables
// go to p.
func defaulted(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec, r *model.Rule, defaults Defaults, prefix string, p *report.Problems) {
	name, ok := r.Annotations[DefaultedByAnnotation]
	if !ok {
		return
	}
	m, ok := defaults[name]
	if !ok {
		p.Errorf(r.Origin.Path, "annotation %s: %q is not a MutatingPolicy among the inputs", DefaultedByAnnotation, name)
		return
	}
	names := map[string]int{}
	for i, v := range spec.Variables {
		names[v.Name] = i
	}
	switched := 0
	for i := range spec.Variables {
		v := &spec.Variables[i]
		base, isAfter := strings.CutSuffix(v.Name, DefaultedSuffix)
		if !isAfter {
			continue
		}
		j, ok := names[base]
		if !ok || j < i {
			p.Errorf(r.Origin.Path, "variable %s: a variable %s must follow it, whose value it gives after the default %s", v.Name, base, name)
			continue
		}
		spec.Variables[j].Expression = fmt.Sprintf("variables.%s ? variables.%s : (%s)", defaultedVariable, v.Name, spec.Variables[j].Expression)
		switched++
	}
	if switched == 0 {
		p.Errorf(r.Origin.Path, "annotation %s: the rule has no variable ending in %s", DefaultedByAnnotation, DefaultedSuffix)
		return
	}
	spec.Variables = append([]admissionregistrationv1.Variable{{Name: defaultedVariable, Expression: appliesExpression(m, prefix)}}, spec.Variables...)
}

// appliesExpression tells whether a mutation's binding selects the
// request's namespace: the mutate label brings in its profile and the
// namespace does not opt out of it. Exempt namespaces, users and runtime
// classes are left out by the template policy as by the mutation.
func appliesExpression(m *model.Mutation, prefix string) string {
	labels := "namespaceObject.metadata.?labels"
	mutate := fmt.Sprintf("%s[?%q]", labels, model.MutateLabelKey(prefix))
	level := mutate + ".hasValue()"
	if m.Profile == model.Restricted {
		level = fmt.Sprintf("%s.orValue(%q) != %q", mutate, model.Baseline, model.Baseline)
	}
	return fmt.Sprintf("namespaceObject != null && %s && %s[?%q].orValue('') != %q", level, labels, model.OptOutLabelKey(prefix, m.Name), model.ExcludeValue)
}
