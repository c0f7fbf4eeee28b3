// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package mutate is the generator's stage for MutatingPolicies: it finishes
// each converted MutatingAdmissionPolicy (exemptions, defaults, labels),
// binds it to the namespaces whose mutate label brings in its profile,
// unless they opt out of it or are exempt, and checks policy and binding as
// the API server would (CEL for every target API server, then the
// registry's own validation).
package mutate

import (
	"slices"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/podrules"
)

// Bind finishes every mutation's policy and gives it its binding.
func Bind(ms []*model.Mutation, opts *model.Options) {
	for _, m := range ms {
		p := m.MAP
		p.Labels = map[string]string{model.ManagedByLabel: model.ManagedByValue, model.ProfileLabel: string(m.Profile)}
		exempt := podrules.ExemptionConditions(opts.Exemptions, podrules.IsPodMatch(p.Spec.MatchConstraints))
		p.Spec.MatchConditions = append(exempt, p.Spec.MatchConditions...)
		admissionregistrationdefaults.SetObjectDefaults_MutatingAdmissionPolicy(p)
		m.Binding = binding(m, opts)
	}
}

// binding selects the namespaces whose mutate label brings in the policy's
// profile. As for the profile label, a value that is no profile (set before
// the label guard existed) counts as restricted.
func binding(m *model.Mutation, opts *model.Options) *admissionregistrationv1.MutatingAdmissionPolicyBinding {
	key := model.MutateLabelKey(opts.LabelPrefix)
	reqs := []metav1.LabelSelectorRequirement{{Key: key, Operator: metav1.LabelSelectorOpExists}}
	if m.Profile == model.Restricted {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: key, Operator: metav1.LabelSelectorOpNotIn, Values: []string{string(model.Baseline)}})
	}
	reqs = append(reqs, metav1.LabelSelectorRequirement{Key: model.OptOutLabelKey(opts.LabelPrefix, m.Name), Operator: metav1.LabelSelectorOpNotIn, Values: []string{model.ExcludeValue}})
	if skip := convert.SortedCopy(slices.Clone(opts.Exemptions.Namespaces)); len(skip) > 0 {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpNotIn, Values: skip})
	}
	b := &admissionregistrationv1.MutatingAdmissionPolicyBinding{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "MutatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   m.Name,
			Labels: map[string]string{model.ManagedByLabel: model.ManagedByValue, model.ProfileLabel: string(m.Profile)},
		},
		Spec: admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{
			PolicyName: m.Name,
			MatchResources: &admissionregistrationv1.MatchResources{
				NamespaceSelector: &metav1.LabelSelector{MatchExpressions: reqs},
			},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_MutatingAdmissionPolicyBinding(b)
	return b
}
