// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
)

// TestOutcomes: validation actions, failure policies, messages and status
// codes, UPDATE, subresources and defaulting.
func TestOutcomes(t *testing.T) {
	runFeatures(t, []featureCase{{
		name: "Warn-only binding: allowed with a warning; auditAnnotations published",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-host-network"), Namespace: feature("warn")}
		},
		want: Decision{Allowed: true,
			Warnings:         []string{"Validation failed for ValidatingAdmissionPolicy 'no-host-network' with binding 'no-host-network-warn': hostNetwork is not allowed"},
			AuditAnnotations: map[string]string{"no-host-network/host-network": "pod web uses the host network"},
			Results:          []Result{{Policy: "no-host-network", Binding: "no-host-network-warn", Actions: warn, Outcome: OutcomeFail, Message: "hostNetwork is not allowed"}}},
	}, {
		name: "Audit binding: allowed with the validation_failure audit annotation",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-host-network"), Namespace: feature("audit")}
		},
		want: Decision{Allowed: true,
			AuditAnnotations: map[string]string{
				"no-host-network/host-network":                          "pod web uses the host network",
				"validation.policy.admission.k8s.io/validation_failure": `[{"message":"hostNetwork is not allowed","policy":"no-host-network","binding":"no-host-network-audit","expressionIndex":0,"validationActions":["Audit"]}]`,
			},
			Results: []Result{{Policy: "no-host-network", Binding: "no-host-network-audit", Actions: audit, Outcome: OutcomeFail, Message: "hostNetwork is not allowed"}}},
	}, {
		name: "run-time error with failurePolicy Fail denies",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "configmap-plain"), Namespace: feature("failure-fail")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `configmaps "settings" is forbidden: ValidatingAdmissionPolicy 'owner-annotation-fail' with binding 'owner-annotation-fail' denied request: expression 'object.metadata.annotations['example.com/owner'] != ''' resulted in error: no such key: annotations`,
			Results: []Result{{Policy: "owner-annotation-fail", Binding: "owner-annotation-fail", Actions: deny, Outcome: OutcomeError,
				Message: `expression 'object.metadata.annotations['example.com/owner'] != ''' resulted in error: no such key: annotations`}}},
	}, {
		name: "run-time error with failurePolicy Ignore admits",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "configmap-plain"), Namespace: feature("failure-ignore")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "owner-annotation-ignore", Binding: "owner-annotation-ignore", Actions: deny, Outcome: OutcomeError,
			Message: `expression 'object.metadata.annotations['example.com/owner'] != ''' resulted in error: no such key: annotations`}}},
	}, {
		name: "UPDATE compares with oldObject",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "configmap-owner-bob"), OldObject: fixture(t, "configmap-owner-alice"), Namespace: feature("update")}
		},
		want: Decision{Code: 403, Reason: "Forbidden",
			Message: `configmaps "settings" is forbidden: ValidatingAdmissionPolicy 'immutable-owner' with binding 'immutable-owner' denied request: owner cannot change from alice to bob`,
			Results: []Result{{Policy: "immutable-owner", Binding: "immutable-owner", Actions: deny, Outcome: OutcomeFail, Message: "owner cannot change from alice to bob"}}},
	}, {
		name: "UPDATE without change",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "configmap-owner-alice"), OldObject: fixture(t, "configmap-owner-alice"), Namespace: feature("update")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "immutable-owner", Binding: "immutable-owner", Actions: deny, Outcome: OutcomePass}}},
	}, {
		name: "pods/ephemeralcontainers is not seen by a policy on pods",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-debug-sys-admin"), OldObject: fixture(t, "pod-no-team"), SubResource: "ephemeralcontainers", Namespace: feature("subresource")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "the same pod created is denied by the policy on pods",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-debug-sys-admin"), Namespace: feature("subresource")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `pods "web" is forbidden: ValidatingAdmissionPolicy 'pods-no-sys-admin' with binding 'pods-no-sys-admin' denied request: SYS_ADMIN is not allowed`,
			Results: []Result{{Policy: "pods-no-sys-admin", Binding: "pods-no-sys-admin", Actions: deny, Outcome: OutcomeFail, Message: "SYS_ADMIN is not allowed"}}},
	}, {
		name: "pods/ephemeralcontainers is seen by a policy on it",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-debug-sys-admin"), OldObject: fixture(t, "pod-no-team"), SubResource: "ephemeralcontainers", Namespace: feature("subresource-debug")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `pods "web" is forbidden: ValidatingAdmissionPolicy 'debug-no-sys-admin' with binding 'debug-no-sys-admin' denied request: ephemeral containers may not add SYS_ADMIN`,
			Results: []Result{{Policy: "debug-no-sys-admin", Binding: "debug-no-sys-admin", Actions: deny, Outcome: OutcomeFail, Message: "ephemeral containers may not add SYS_ADMIN"}}},
	}, {
		name: "Pod defaulting: imagePullPolicy IfNotPresent for a tagged image",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-no-team"), Namespace: feature("defaulting")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `pods "web" is forbidden: ValidatingAdmissionPolicy 'pull-always' with binding 'pull-always' denied request: imagePullPolicy must be Always, not IfNotPresent`,
			Results: []Result{{Policy: "pull-always", Binding: "pull-always", Actions: deny, Outcome: OutcomeFail, Message: "imagePullPolicy must be Always, not IfNotPresent"}}},
	}, {
		name: "Pod defaulting: imagePullPolicy Always without tag, terminationMessagePolicy File",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-untagged-image"), Namespace: feature("defaulting")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "pull-always", Binding: "pull-always", Actions: deny, Outcome: OutcomePass}}},
	}, {
		name: "Deployment defaulting reaches the pod template",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-pinned-image"), Namespace: feature("defaulting")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `deployments.apps "web" is forbidden: ValidatingAdmissionPolicy 'pull-always' with binding 'pull-always' denied request: imagePullPolicy must be Always, not IfNotPresent`,
			Results: []Result{{Policy: "pull-always", Binding: "pull-always", Actions: deny, Outcome: OutcomeFail, Message: "imagePullPolicy must be Always, not IfNotPresent"}}},
	}, {
		name: "matchPolicy Equivalent: core Event seen as events.k8s.io/v1",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "event-core"), Namespace: feature("equivalent")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `events "web.17a" is forbidden: ValidatingAdmissionPolicy 'event-note' with binding 'event-note' denied request: kind events.k8s.io/v1 Event (requested as v1 Event): the note must not contain secrets`,
			Results: []Result{{Policy: "event-note", Binding: "event-note", Actions: deny, Outcome: OutcomeFail, Message: "kind events.k8s.io/v1 Event (requested as v1 Event): the note must not contain secrets"}}},
	}, {
		name: "CRD paramKind, paramRef selector: one evaluation per param",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-three-containers"), Namespace: feature("crd-params")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `pods "trio" is forbidden: ValidatingAdmissionPolicy 'container-count' with binding 'container-count' denied request: at most 2 containers (Limits strict)`,
			Results: []Result{{Policy: "container-count", Binding: "container-count", Actions: deny, Outcome: OutcomeFail, Message: "at most 2 containers (Limits strict)"}}},
	}, {
		name: "CRD paramKind, every selected param holds",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-team"), Namespace: feature("crd-params")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "container-count", Binding: "container-count", Actions: deny, Outcome: OutcomePass}}},
	}, {
		name: "Namespace object: selected by its own labels, metadata.name label added",
		req:  func(t *testing.T) Request { return Request{Object: fixture(t, "namespace-no-team")} },
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `namespaces "sandbox" is forbidden: ValidatingAdmissionPolicy 'namespace-team' with binding 'namespace-team' denied request: namespace sandbox needs a team label`,
			Results: []Result{{Policy: "namespace-team", Binding: "namespace-team", Actions: deny, Outcome: OutcomeFail, Message: "namespace sandbox needs a team label"}}},
	}, {
		name: "DELETE: policies matching only CREATE/UPDATE do not run",
		req: func(t *testing.T) Request {
			return Request{OldObject: fixture(t, "pod-no-team"), Operation: admission.Delete, Namespace: feature("selectors")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "excluded resources are never evaluated",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-no-team"), Resource: schema.GroupVersionResource{Group: "admissionregistration.k8s.io", Version: "v1", Resource: "validatingadmissionpolicies"}, Namespace: feature("selectors")}
		},
		want: Decision{Allowed: true},
	}})
}
