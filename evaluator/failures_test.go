// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"sigs.k8s.io/yaml"
)

const twoValidations = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: two}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
    message: '[team] needs a team label'
  - expression: object.spec.containers.all(c, c.image.contains(':'))
    message: '[tag] images need a tag'
  - expression: object.spec.containers.size() < 5
    message: '[size] too many containers'
`

// TestWithFailures: every failing validation is listed, with its index;
// without the option, Failures stays nil.
func TestWithFailures(t *testing.T) {
	var p admissionregistrationv1.ValidatingAdmissionPolicy
	if err := yaml.UnmarshalStrict([]byte(twoValidations), &p); err != nil {
		t.Fatal(err)
	}
	b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{}
	b.Name = "two"
	b.Spec.PolicyName = "two"
	b.Spec.ValidationActions = deny
	set, err := NewSet([]*admissionregistrationv1.ValidatingAdmissionPolicy{&p}, []*admissionregistrationv1.ValidatingAdmissionPolicyBinding{b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	pod := obj(t, "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\nspec: {containers: [{name: c, image: nginx}]}\n")
	req := Request{Object: pod, Namespace: ns("a", nil)}
	plain, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	if d := evaluate(t, plain, req); len(d.Results) != 1 || d.Results[0].Failures != nil || d.Results[0].Message != "[team] needs a team label" {
		t.Errorf("without WithFailures: %+v", d.Results)
	}
	all, err := New(set, WithFailures())
	if err != nil {
		t.Fatal(err)
	}
	d := evaluate(t, all, req)
	want := []Failure{
		{Validation: 0, Outcome: OutcomeFail, Message: "[team] needs a team label"},
		{Validation: 1, Outcome: OutcomeFail, Message: "[tag] images need a tag"},
	}
	if len(d.Results) != 1 {
		t.Fatalf("results: %+v", d.Results)
	}
	if diff := cmp.Diff(want, d.Results[0].Failures); diff != "" {
		t.Errorf("Failures (-want +got):\n%s", diff)
	}
	if d.Results[0].Message != want[0].Message || d.Results[0].Outcome != OutcomeFail {
		t.Errorf("Message and Outcome are the first failure's: %+v", d.Results[0])
	}
}
