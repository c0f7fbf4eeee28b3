// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

var (
	deny  = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
	warn  = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}
	audit = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit}
)

// featureCase is a request against testdata/features, where every feature
// has its own bindings, selected by the namespace label feature=<name>.
// Messages are the API server's exact texts.
type featureCase struct {
	name string
	req  func(t *testing.T) Request
	want Decision // Namespace is filled in from the request's
}

// runFeatures checks each case through the fast and the exact path.
func runFeatures(t *testing.T, cases []featureCase) {
	fast := newEvaluator(t, []string{"testdata/features"})
	exact := newEvaluator(t, []string{"testdata/features"}, Exact())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if req := tc.req(t); req.Namespace != nil {
				want.Namespace = req.Namespace.Name
			}
			sameDecision(t, evaluate(t, fast, tc.req(t)), want)
			sameDecision(t, evaluate(t, exact, tc.req(t)), want)
		})
	}
}

// TestMatching: which policies and bindings apply, and params.
func TestMatching(t *testing.T) {
	runFeatures(t, []featureCase{{
		name: "namespaceSelector selects, validation fails",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-no-team"), Namespace: feature("selectors")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `pods "web" is forbidden: ValidatingAdmissionPolicy 'require-team-label' with binding 'require-team-label' denied request: pods need a team label`,
			Results: []Result{{Policy: "require-team-label", Binding: "require-team-label", Actions: deny, Outcome: OutcomeFail, Message: "pods need a team label"}}},
	}, {
		name: "namespaceSelector selects, validation holds",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-team"), Namespace: feature("selectors")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "require-team-label", Binding: "require-team-label", Actions: deny, Outcome: OutcomePass}}},
	}, {
		name: "objectSelector excludes",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-skip-team-check"), Namespace: feature("selectors")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "namespaceSelector does not select",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "pod-no-team"), Namespace: feature("other")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "no namespace given: default, with only the name label; the binding does not select it",
		req:  func(t *testing.T) Request { return Request{Object: fixture(t, "pod-no-team")} },
		want: Decision{Allowed: true, Namespace: "default"},
	}, {
		name: "resourceRules match CREATE, messageExpression, reason Forbidden is 403",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-1-replicas"), Namespace: feature("match")}
		},
		want: Decision{Code: 403, Reason: "Forbidden",
			Message: `deployments.apps "api" is forbidden: ValidatingAdmissionPolicy 'deployment-replicas' with binding 'deployment-replicas' denied request: deployment api has 1 replica(s), needs at least 2`,
			Results: []Result{{Policy: "deployment-replicas", Binding: "deployment-replicas", Actions: deny, Outcome: OutcomeFail, Message: "deployment api has 1 replica(s), needs at least 2"}}},
	}, {
		name: "defaulted spec.replicas (1) is seen",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-no-replicas"), Namespace: feature("match")}
		},
		want: Decision{Code: 403, Reason: "Forbidden",
			Message: `deployments.apps "api" is forbidden: ValidatingAdmissionPolicy 'deployment-replicas' with binding 'deployment-replicas' denied request: deployment api has 1 replica(s), needs at least 2`,
			Results: []Result{{Policy: "deployment-replicas", Binding: "deployment-replicas", Actions: deny, Outcome: OutcomeFail, Message: "deployment api has 1 replica(s), needs at least 2"}}},
	}, {
		name: "operations: UPDATE is not matched",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-1-replicas"), OldObject: fixture(t, "deployment-2-replicas"), Namespace: feature("match")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "excludeResourceRules with resourceNames",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-legacy"), Namespace: feature("match")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "matchConditions exclude",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-exempt"), Namespace: feature("match")}
		},
		want: Decision{Allowed: true},
	}, {
		name: "paramRef found, validation holds",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-2-replicas"), Namespace: feature("param-found")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "max-replicas", Binding: "max-replicas-found", Actions: deny, Outcome: OutcomePass}}},
	}, {
		name: "paramRef found, validation fails",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-5-replicas"), Namespace: feature("param-found")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: `deployments.apps "api" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-found' denied request: at most 3 replicas (replica-limit)`,
			Results: []Result{{Policy: "max-replicas", Binding: "max-replicas-found", Actions: deny, Outcome: OutcomeFail, Message: "at most 3 replicas (replica-limit)"}}},
	}, {
		name: "paramRef missing, parameterNotFoundAction Deny",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-2-replicas"), Namespace: feature("param-missing-deny")}
		},
		want: Decision{Code: 422, Reason: "Invalid",
			Message: "deployments.apps \"api\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-missing-deny' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
			Results: []Result{{Policy: "max-replicas", Binding: "max-replicas-missing-deny", Actions: deny, Outcome: OutcomeError,
				Message: "failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction"}}},
	}, {
		name: "paramRef missing, parameterNotFoundAction Allow",
		req: func(t *testing.T) Request {
			return Request{Object: fixture(t, "deployment-5-replicas"), Namespace: feature("param-missing-allow")}
		},
		want: Decision{Allowed: true, Results: []Result{{Policy: "max-replicas", Binding: "max-replicas-missing-allow", Actions: deny, Outcome: OutcomeSkip, Message: "no params found for the binding's paramRef"}}},
	}})
}
