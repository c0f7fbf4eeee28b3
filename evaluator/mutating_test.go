// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"reflect"
	"testing"
)

const barePod = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: apps}
spec:
  containers:
  - name: app
    image: nginx
  - name: sidecar
    image: envoy
    securityContext:
      allowPrivilegeEscalation: true
      capabilities: {add: [NET_ADMIN]}
`

// TestMutatingAdmission: MutatingAdmissionPolicies run before validation,
// on the object as the API server holds it; each mutation's changes are
// listed and the stored object has them, and only where the field was unset.
func TestMutatingAdmission(t *testing.T) {
	for _, exact := range []bool{false, true} {
		opts := []Option{WithStoredObject()}
		if exact {
			opts = append(opts, Exact())
		}
		e := newEvaluator(t, []string{"../manifests/mutate"}, opts...)
		d := evaluate(t, e, Request{Object: obj(t, barePod), Namespace: ns("apps", map[string]string{"pod-security.vapgen.io/mutate": "restricted"})})
		if !d.Allowed || d.Object == nil {
			t.Fatalf("exact=%v: not admitted: %+v", exact, d)
		}
		want := []Mutation{
			{Policy: "default-allow-privilege-escalation", Index: 0, Fields: []string{"spec.containers[name=app].securityContext"}},
			{Policy: "default-drop-all-capabilities", Index: 0, Fields: []string{"spec.containers[name=app].securityContext.capabilities", "spec.containers[name=sidecar].securityContext.capabilities.drop"}},
			{Policy: "default-run-as-non-root", Index: 0, Fields: []string{"spec.containers[name=app].securityContext.runAsNonRoot", "spec.containers[name=sidecar].securityContext.runAsNonRoot"}},
			{Policy: "default-seccomp-profile", Index: 0, Fields: []string{"spec.securityContext.seccompProfile"}},
		}
		if !reflect.DeepEqual(d.Mutations, want) {
			t.Errorf("exact=%v: mutations\n got %+v\nwant %+v", exact, d.Mutations, want)
		}
		containers := d.Object.Object["spec"].(map[string]any)["containers"].([]any)
		app := containers[0].(map[string]any)["securityContext"].(map[string]any)
		sidecar := containers[1].(map[string]any)["securityContext"].(map[string]any)
		if app["allowPrivilegeEscalation"] != false || sidecar["allowPrivilegeEscalation"] != true {
			t.Errorf("exact=%v: allowPrivilegeEscalation app %v sidecar %v, want false and true (set by the user)", exact, app["allowPrivilegeEscalation"], sidecar["allowPrivilegeEscalation"])
		}
		if !reflect.DeepEqual(sidecar["capabilities"], map[string]any{"add": []any{"NET_ADMIN"}, "drop": []any{"ALL"}}) {
			t.Errorf("exact=%v: sidecar capabilities %v, want its add kept and drop [ALL]", exact, sidecar["capabilities"])
		}
		if d := evaluate(t, e, Request{Object: obj(t, barePod), Namespace: ns("apps", nil)}); len(d.Mutations) != 0 {
			t.Errorf("exact=%v: mutated without the mutate label: %+v", exact, d.Mutations)
		}
	}
}
