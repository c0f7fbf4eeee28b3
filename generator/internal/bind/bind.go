// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package bind is the generator's bind stage: it binds every output policy
// once per mode (the profile, warn and audit namespace labels; the profile
// label's bindings of what restricted includes also select namespaces whose
// profile label is no level, as PSA enforces restricted there) and, with a
// default profile, in namespaces without a profile label.
package bind

import (
	"slices"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// Groups sets the bindings of every group that has none yet (the label
// guard comes bound).
func Groups(groups []*model.Group, opts *model.Options) {
	for _, g := range groups {
		if g.Bindings != nil {
			continue
		}
		for _, out := range g.Outputs {
			g.Bindings = append(g.Bindings, bindings(out, opts)...)
		}
	}
}

// bindings binds a policy in namespaces labelled with one of its profile
// values for each mode (for its own mode only, when it has one), unless
// they opt out of its rule or are exempt; and, for a default profile, in
// namespaces without a profile label.
func bindings(out *model.Output, opts *model.Options) []*admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	var optOut []metav1.LabelSelectorRequirement
	if out.OptOut != "" {
		optOut = append(optOut, metav1.LabelSelectorRequirement{Key: model.OptOutLabelKey(opts.LabelPrefix, out.OptOut), Operator: metav1.LabelSelectorOpNotIn, Values: []string{model.ExcludeValue}})
	}
	name := out.VAP.Name
	var list []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for _, m := range model.Modes {
		if out.Mode != nil && *out.Mode != m {
			continue
		}
		actions := []admissionregistrationv1.ValidationAction{m.Action}
		if m.Action == admissionregistrationv1.Deny {
			actions = out.Enforce
		}
		bindingName := name + m.Suffix
		if out.Mode != nil {
			bindingName = name // the policy's name says its mode
		}
		list = append(list, binding(out, bindingName, actions, opts, append(levelSelector(m, out.ProfileValues, opts), optOut...)))
	}
	if out.Default && (out.Mode == nil || *out.Mode == model.Modes[0]) {
		sel := metav1.LabelSelectorRequirement{Key: model.Modes[0].LabelKey(opts.LabelPrefix), Operator: metav1.LabelSelectorOpDoesNotExist}
		list = append(list, binding(out, name+"-default", out.Enforce, opts, append([]metav1.LabelSelectorRequirement{sel}, optOut...)))
	}
	return list
}

// levelSelector selects the namespaces whose label of the mode is one of
// values. For the profile label and a policy that restricted includes, it
// selects every value but the other levels instead: Pod Security Admission
// enforces restricted where the enforce label is no level
// (api.PolicyToEvaluate), and one binding costs the API server less than
// two. An invalid warn or audit level PSA treats as privileged.
func levelSelector(m model.Mode, values []string, opts *model.Options) []metav1.LabelSelectorRequirement {
	key := m.LabelKey(opts.LabelPrefix)
	if m != model.Modes[0] || !slices.Contains(values, string(model.Restricted)) {
		return []metav1.LabelSelectorRequirement{{Key: key, Operator: metav1.LabelSelectorOpIn, Values: values}}
	}
	var others []string
	for _, l := range model.Levels {
		if !slices.Contains(values, l) {
			others = append(others, l)
		}
	}
	return []metav1.LabelSelectorRequirement{{Key: key, Operator: metav1.LabelSelectorOpExists}, {Key: key, Operator: metav1.LabelSelectorOpNotIn, Values: others}}
}

// binding selects namespaces by the given requirements, the output's
// namespaces and the exemptions.
func binding(out *model.Output, name string, actions []admissionregistrationv1.ValidationAction, opts *model.Options, reqs []metav1.LabelSelectorRequirement) *admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	reqs = slices.Clone(reqs)
	if len(out.Only) > 0 {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: out.Only})
	}
	if skip := convert.SortedCopy(append(slices.Clone(opts.Exemptions.Namespaces), out.Skip...)); len(skip) > 0 {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpNotIn, Values: skip})
	}
	b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   name,
			Labels: map[string]string{model.ManagedByLabel: model.ManagedByValue, model.ProfileLabel: string(out.Profile)},
		},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        out.VAP.Name,
			ParamRef:          out.ParamRef,
			ValidationActions: actions,
			MatchResources: &admissionregistrationv1.MatchResources{
				NamespaceSelector: &metav1.LabelSelector{MatchExpressions: reqs},
			},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicyBinding(b)
	return b
}
