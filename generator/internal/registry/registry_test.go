// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package registry

import (
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func policy(name, message string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	return &admissionregistrationv1.ValidatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
				RuleWithOperations: admissionregistrationv1.RuleWithOperations{
					Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
					Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"pods"}},
				},
			}}},
			Validations: []admissionregistrationv1.Validation{{Expression: "true", Message: message}},
		},
	}
}

func TestPolicy(t *testing.T) {
	for _, tc := range []struct {
		name, policy, message string
		want                  string
	}{
		{name: "valid", policy: "no-host-ports", message: "no host ports"},
		{name: "upper case name", policy: "no-LoadBalancer", message: "m", want: `metadata.name: Invalid value: "no-LoadBalancer"`},
		{name: "line break", policy: "p", message: "one\ntwo", want: "spec.validations[0].message: Invalid value: \"one\\ntwo\": must not contain line breaks"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Policy(policy(tc.policy, tc.message))
			if tc.want == "" {
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				return
			}
			if len(errs) == 0 || !strings.Contains(errs.ToAggregate().Error(), tc.want) {
				t.Fatalf("errors %v, want %q", errs, tc.want)
			}
		})
	}
}

func TestBinding(t *testing.T) {
	b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "b"},
		Spec:       admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{PolicyName: "p", ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}},
	}
	if errs := Binding(b); len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	b.Spec.ValidationActions = nil
	if errs := Binding(b); len(errs) == 0 {
		t.Fatal("a binding without validationActions was accepted")
	}
}
