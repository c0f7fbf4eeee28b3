// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apiserver/pkg/admission"
)

// TestFieldValidation: unknown fields in a built-in object are handled like
// the API server handles the fieldValidation kubectl sends.
func TestFieldValidation(t *testing.T) {
	pass := []Result{{Policy: "require-team-label", Binding: "require-team-label", Actions: deny, Outcome: OutcomePass}}
	for _, tc := range []struct {
		directive string
		want      Decision
	}{
		{metav1.FieldValidationStrict, Decision{Code: 400, Reason: "BadRequest",
			Message: `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolicyy"`}},
		{metav1.FieldValidationWarn, Decision{Allowed: true, Warnings: []string{`unknown field "spec.containers[0].imagePullPolicyy"`}, Results: pass}},
		{metav1.FieldValidationIgnore, Decision{Allowed: true, Results: pass}},
	} {
		t.Run(tc.directive, func(t *testing.T) {
			e := newEvaluator(t, []string{"testdata/features"}, FieldValidation(tc.directive))
			want := tc.want
			want.Namespace = "ns-selectors"
			sameDecision(t, evaluate(t, e, Request{Object: fixture(t, "pod-unknown-field"), Namespace: feature("selectors")}), want)
		})
	}
	if _, err := New(&Set{kinds: newKindRegistry(nil)}, FieldValidation("strict")); err == nil || err.Error() != `evaluator: field validation "strict" is not Strict, Warn or Ignore` {
		t.Errorf("bad directive: %v", err)
	}
}

// TestBadBody: a body that does not decode is the API server's 400.
func TestBadBody(t *testing.T) {
	e := newEvaluator(t, []string{"testdata/features"})
	pod := fixture(t, "pod-no-team")
	pod.Object["spec"] = map[string]interface{}{"containers": "nginx"}
	sameDecision(t, evaluate(t, e, Request{Object: pod}), Decision{Namespace: "default", Code: 400, Reason: "BadRequest",
		Message: `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container`})
}

// TestUnservedVersion: a built-in kind at a version the API server does not
// serve finds no handler (404); a custom kind is still admitted.
func TestUnservedVersion(t *testing.T) {
	e := newEvaluator(t, []string{"testdata/features"})
	for _, tc := range []struct {
		object *unstructured.Unstructured
		op     admission.Operation
		want   Decision
	}{
		{cronJob("batch/v1beta1"), admission.Create, Decision{Namespace: "default", Code: 404, Reason: "NotFound",
			Message: "the server could not find the requested resource (post cronjobs.batch)"}},
		{flowSchema("flowcontrol.apiserver.k8s.io/v1beta3"), admission.Update, Decision{Code: 404, Reason: "NotFound",
			Message: "the server could not find the requested resource (put flowschemas.flowcontrol.apiserver.k8s.io)"}},
		{flowSchema("flowcontrol.apiserver.k8s.io/v1"), admission.Create, Decision{Allowed: true}},
		{cronJob("example.com/v1beta1"), admission.Create, Decision{Allowed: true}},
	} {
		req := Request{Object: tc.object}
		if tc.op == admission.Update {
			req.OldObject = tc.object.DeepCopy()
		}
		sameDecision(t, evaluate(t, e, req), tc.want)
	}
}

func cronJob(apiVersion string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]interface{}{"apiVersion": apiVersion, "kind": "CronJob",
		"metadata": map[string]interface{}{"name": "nightly"}, "spec": map[string]interface{}{"schedule": "@daily"}}}
}

func flowSchema(apiVersion string) *unstructured.Unstructured {
	return &unstructured.Unstructured{Object: map[string]interface{}{"apiVersion": apiVersion, "kind": "FlowSchema",
		"metadata": map[string]interface{}{"name": "fs"}, "spec": map[string]interface{}{"priorityLevelConfiguration": map[string]interface{}{"name": "global-default"}}}}
}
