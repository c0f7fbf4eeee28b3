// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"fmt"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"invalid-yaml", "testdata/bad/invalid-yaml.yaml:10:9: error: invalid YAML: sequence end token ']' not found"},
		{"no-kind", "testdata/bad/no-kind.yaml:3:1: error: apiVersion and kind are not set"},
		{"unknown-kind", `testdata/bad/unknown-kind.yaml:1:1: unknown kind example.com/v1 "Widget": not a ValidatingAdmissionPolicy, a ValidatingAdmissionPolicyBinding, a CustomResourceDefinition or the paramKind of a loaded policy`},
		{"unknown-field", `testdata/bad/unknown-field.yaml:12:3: error: spec.validation: unknown field (did you mean "validations"?)`},
		{"beta", "testdata/bad/beta.yaml:1:1: admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicyBinding is not served by Kubernetes 1.37: use admissionregistration.k8s.io/v1"},
		{"wrong-type", "testdata/bad/wrong-type.yaml:7:22: error: spec.validationActions: must be a list, got Deny"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			set, err := Load("testdata/bad/" + tc.file + ".yaml")
			if first, _, _ := strings.Cut(fmt.Sprint(err), "\n"); err == nil || first != tc.want {
				t.Errorf("Load error\n got: %v\nwant: %s", err, tc.want)
			}
			if set != nil {
				t.Errorf("Load returned a Set with an error")
			}
		})
	}
	if _, err := Load("testdata/no-such-dir"); err == nil || !strings.Contains(err.Error(), "testdata/no-such-dir: error: no such file or directory") {
		t.Errorf("missing path: %v", err)
	}
}

func TestNewSetErrors(t *testing.T) {
	good, err := Load("testdata/features/selectors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := good.Policies()[0]
	_, err = NewSet(append(good.Policies(), p), good.Bindings(), nil)
	if want := `ValidatingAdmissionPolicy "require-team-label" is defined twice (NewSet and NewSet)`; err == nil || err.Error() != want {
		t.Errorf("duplicate: got %v, want %s", err, want)
	}
	_, err = NewSet(nil, nil, []*unstructured.Unstructured{{Object: map[string]interface{}{"kind": "ConfigMap"}}})
	if want := "NewSet: a param object needs apiVersion, kind and metadata.name"; err == nil || err.Error() != want {
		t.Errorf("bad param: got %v, want %s", err, want)
	}
}

// TestBrokenPolicies: what the API server would reject or ignore is listed
// once in Problems, and the policies are evaluated as the API server would
// under their failurePolicy.
func TestBrokenPolicies(t *testing.T) {
	set, err := Load("testdata/broken")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.Problems() {
		got = append(got, p.String())
	}
	want := []string{
		`testdata/broken/policies.yaml:3:1: ValidatingAdmissionPolicy "does-not-compile": the API server rejects it: ValidatingAdmissionPolicy.admissionregistration.k8s.io "does-not-compile" is invalid: spec.validations[0].expression: Invalid value: "object.spec.containers.all(c, c.image.startsWith(1))": compilation failed: ERROR: <input>:1:49: found no matching overload for 'startsWith' applied to 'dyn.(int)'` +
			"\n | object.spec.containers.all(c, c.image.startsWith(1))\n | ................................................^",
		`testdata/broken/policies.yaml:26:1: ValidatingAdmissionPolicy "ignored-when-broken": the API server rejects it: ValidatingAdmissionPolicy.admissionregistration.k8s.io "ignored-when-broken" is invalid: spec.validations[0].expression: Invalid value: "object.spec.nodeName.size(": compilation failed: ERROR: <input>:1:27: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', ')', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}` +
			"\n | object.spec.nodeName.size(\n | ..........................^",
		`testdata/broken/policies.yaml:49:1: ValidatingAdmissionPolicyBinding "orphan": binds ValidatingAdmissionPolicy "not-loaded", which is not in the set: the API server ignores the binding`,
		`testdata/broken/policies.yaml:71:1: ValidatingAdmissionPolicy "crd-param": failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limits': no CustomResourceDefinition and no object of that kind was loaded; the API server fails every request the policy matches (failurePolicy applies)`,
		`testdata/broken/policies.yaml:57:1: ValidatingAdmissionPolicy "unbound": has no binding: the API server does not evaluate it`,
	}
	if strings.Join(got, "\n\n") != strings.Join(want, "\n\n") {
		t.Errorf("problems\n got: %q\nwant: %q", got, want)
	}

	e, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	compileError := "compilation error: compilation failed: ERROR: <input>:1:49: found no matching overload for 'startsWith' applied to 'dyn.(int)'\n | object.spec.containers.all(c, c.image.startsWith(1))\n | ................................................^"
	syntaxError := "compilation error: compilation failed: ERROR: <input>:1:27: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', ')', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}\n | object.spec.nodeName.size(\n | ..........................^"
	sameDecision(t, evaluate(t, e, Request{Object: fixture(t, "pod-team")}), Decision{
		Namespace: "default", Code: 422, Reason: "Invalid",
		Message: `pods "web" is forbidden: ValidatingAdmissionPolicy 'does-not-compile' with binding 'does-not-compile' denied request: ` + compileError,
		Results: []Result{
			{Policy: "does-not-compile", Binding: "does-not-compile", Actions: deny, Outcome: OutcomeError, Message: compileError},
			{Policy: "ignored-when-broken", Binding: "ignored-when-broken", Actions: deny, Outcome: OutcomeError, Message: syntaxError},
		},
	})
	sameDecision(t, evaluate(t, e, Request{Object: fixture(t, "configmap-plain")}), Decision{
		Namespace: "default", Code: 422, Reason: "Invalid",
		Message: `configmaps "settings" is forbidden: ValidatingAdmissionPolicy 'crd-param' denied request: failed to configure policy: failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limits'`,
		Results: []Result{{Policy: "crd-param", Outcome: OutcomeError, Message: "failed to configure policy: failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limits'"}},
	})
}
