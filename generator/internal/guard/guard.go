// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package guard builds the label guard: a ValidatingAdmissionPolicy on
// Namespaces that keeps the namespace labels, which switch rules on and off,
// in the hands of the configured users and groups.
package guard

import (
	"fmt"
	"slices"
	"strconv"
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

// Group builds the ValidatingAdmissionPolicy on Namespaces that denies
// adding, changing or removing any label under the prefix, unless the
// requester is one of the allowed users or in one of the allowed groups
// (always including system:masters), and its binding. rules are the
// generated rule names, whose opt-out labels the guard lists by name.
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
	scope := admissionregistrationv1.ClusterScope
	vap := &admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   Name,
			Labels: map[string]string{model.ManagedByLabel: model.ManagedByValue},
			Annotations: map[string]string{
				"vapgen.io/description": fmt.Sprintf("Only %s may add, change or remove %s* namespace labels.", strings.Join(who, " and "), prefix),
			},
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
			MatchConditions: []admissionregistrationv1.MatchCondition{{
				Name: "vapgen-requester-may-not-change-labels",
				Expression: fmt.Sprintf("!(request.userInfo.username in %s) && !request.userInfo.?groups.orValue([]).exists(g, g in %s)",
					convert.CELStringList(users), convert.CELStringList(groups)),
			}},
			Variables: guardVariables(prefix, guardedKeys(opts, rules)),
			Validations: []admissionregistrationv1.Validation{{
				Expression:        "size(variables.changed) == 0",
				Message:           fmt.Sprintf("only %s may add, change or remove %s* labels", strings.Join(who, " and "), prefix),
				MessageExpression: fmt.Sprintf("%q + variables.changed.join(', ')", fmt.Sprintf("only %s may add, change or remove %s* labels; this request changes ", strings.Join(who, " and "), prefix)),
				Reason:            ptrTo(metav1.StatusReasonForbidden),
			}},
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

// guardedKeys are the label keys that mean something, sorted: the mode
// labels and every rule's opt-out label.
func guardedKeys(opts *model.Options, rules []string) []string {
	var keys []string
	for _, m := range model.Modes {
		keys = append(keys, m.LabelKey(opts.LabelPrefix), m.VersionLabelKey(opts.LabelPrefix))
	}
	for _, r := range rules {
		keys = append(keys, model.OptOutLabelKey(opts.LabelPrefix, r))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// guardVariables find the changed labels under prefix, sorted so that
// messages are the same on every request whatever the order of map keys:
// the known keys in their order, then the others (sorted by celSorted).
func guardVariables(prefix string, known []string) []admissionregistrationv1.Variable {
	return []admissionregistrationv1.Variable{
		{Name: "labels", Expression: "object.metadata.?labels.orValue({})"},
		{Name: "oldLabels", Expression: "oldObject == null ? {} : oldObject.metadata.?labels.orValue({})"},
		{Name: "known", Expression: convert.CELStringList(known)},
		{Name: "otherChanged", Expression: fmt.Sprintf(
			"variables.labels.filter(k, k.startsWith(%[1]q) && !(k in variables.known) && (!(k in variables.oldLabels) || variables.oldLabels[k] != variables.labels[k])) + "+
				"variables.oldLabels.filter(k, k.startsWith(%[1]q) && !(k in variables.known) && !(k in variables.labels))", prefix)},
		{Name: "changed", Expression: "variables.known.filter(k, (k in variables.labels) != (k in variables.oldLabels) || " +
			"((k in variables.labels) && variables.labels[k] != variables.oldLabels[k])) + " + celSorted("variables.otherChanged", maxSortedLabels)},
	}
}

// maxSortedLabels bounds how many unknown labels a message lists in order.
const maxSortedLabels = 8

// celSorted sorts a list of distinct strings in CEL without sort(), which
// API servers before 1.35 refuse: the element of rank i is the one with i
// smaller elements. Lists longer than max keep their first max elements,
// sorted, and a last element "(and N more)".
func celSorted(list string, max int) string {
	indexes := make([]string, max)
	for i := range indexes {
		indexes[i] = strconv.Itoa(i)
	}
	return fmt.Sprintf("[%[2]s].filter(i, i < size(%[1]s)).map(i, %[1]s.filter(x, size(%[1]s.filter(y, y < x)) == i)[0]) + "+
		"(size(%[1]s) > %[3]d ? ['(and ' + string(size(%[1]s) - %[3]d) + ' more)'] : [])", list, strings.Join(indexes, ", "), max)
}

func ptrTo[T any](v T) *T { return &v }
