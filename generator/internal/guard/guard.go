// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package guard builds the label guard: a ValidatingAdmissionPolicy on
// Namespaces that keeps the namespace labels, which switch rules on and off,
// in the hands of the configured users and groups, refuses values that mean
// nothing (from everyone: a typo must never switch enforcement off) and,
// when configured, namespaces without a profile label.
package guard

import (
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// Name names the policy and binding that guard the namespace labels.
const Name = "vapgen-label-guard"

// AdminGroup may always change the labels: its members can delete the
// policy itself anyway, and bootstrapping and recovery need it.
const AdminGroup = "system:masters"

// Group builds the label guard and its binding. rules are the generated
// rule names, whose opt-out labels the guard knows by name.
func Group(opts *model.Options, rules []string) *model.Group {
	users := convert.SortedCopy(opts.LabelGuard.Users)
	groups := convert.SortedCopy(append(slices.Clone(opts.LabelGuard.Groups), AdminGroup))
	prefix := opts.LabelPrefix + "/"
	var who []string
	if len(users) > 0 {
		who = append(who, "users "+strings.Join(users, ", "))
	}
	if len(groups) > 0 {
		who = append(who, "groups "+strings.Join(groups, ", "))
	}
	mayChange := fmt.Sprintf("request.userInfo.username in %s || request.userInfo.?groups.orValue([]).exists(g, g in %s)",
		convert.CELStringList(users), convert.CELStringList(groups))
	variables := []admissionregistrationv1.Variable{
		{Name: "labels", Expression: "object.metadata.?labels.orValue({})"},
		{Name: "oldLabels", Expression: "oldObject == null ? {} : oldObject.metadata.?labels.orValue({})"},
		{Name: "mayChange", Expression: mayChange},
		allowedVariable(allowedValues(opts, rules)),
	}
	variables = append(append(variables, changeVariables(prefix, guardedKeys(opts, rules))...), valueVariables(prefix)...)
	validations := []admissionregistrationv1.Validation{whoValidation(prefix, strings.Join(who, " and ")), valueValidation(prefix)}
	description := fmt.Sprintf("Only %s may add, change or remove %s* namespace labels; everyone must give them values vapgen reads.", strings.Join(who, " and "), prefix)
	if opts.RequireProfileLabel {
		validations = append(validations, profileRequired(opts))
		description += fmt.Sprintf(" Every namespace needs a %s label.", model.Modes[0].LabelKey(opts.LabelPrefix))
	}
	scope := admissionregistrationv1.ClusterScope
	vap := &admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        Name,
			Labels:      map[string]string{model.ManagedByLabel: model.ManagedByValue},
			Annotations: map[string]string{"vapgen.io/description": description},
		},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: ptrTo(admissionregistrationv1.Fail),
			MatchConstraints: &admissionregistrationv1.MatchResources{
				// Labels can also be changed through the status and finalize
				// subresources: their strategies keep only the spec or status.
				ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
					RuleWithOperations: admissionregistrationv1.RuleWithOperations{
						Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
						Rule: admissionregistrationv1.Rule{
							APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"namespaces"}, Scope: &scope,
						},
					},
				}, {
					RuleWithOperations: admissionregistrationv1.RuleWithOperations{
						Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Update},
						Rule: admissionregistrationv1.Rule{
							APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"namespaces/finalize", "namespaces/status"}, Scope: &scope,
						},
					},
				}},
			},
			Variables:   variables,
			Validations: validations,
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicy(vap)
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: Name, Labels: map[string]string{model.ManagedByLabel: model.ManagedByValue}},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        Name,
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicyBinding(binding)
	return &model.Group{Name: Name, Dir: "guard", Outputs: []*model.Output{{VAP: vap}}, Bindings: []*admissionregistrationv1.ValidatingAdmissionPolicyBinding{binding}}
}

func ptrTo[T any](v T) *T { return &v }
