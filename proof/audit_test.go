// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"strings"
	"testing"
)

// `<prefix>/audit`: violations are admitted and recorded in the audit log
// (README "Namespace labels").

// TestAuditAnnotation: the audit annotation is the API server's, with our
// message.
func TestAuditAnnotation(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	d := f.decide(t, req{obj: restrictedPod("web", hostNetwork), ns: namespace("shop", "audit", "restricted")})
	const wantValue = `[{"message":"host namespaces (hostNetwork=true) (opt out: namespace label pod-security.vapgen.io/disallow-host-namespaces=exclude)","policy":"disallow-host-namespaces","binding":"disallow-host-namespaces-audit","expressionIndex":0,"validationActions":["Audit"]}]`
	if got := d.AuditAnnotations[failureAnnotation]; got != wantValue {
		t.Errorf("%s\n  got  %s\n  want %s", failureAnnotation, got, wantValue)
	}
	check(t, d, want{Audit: []string{hostNS + "/" + hostNS + "-audit"}})
}

// TestAuditRecordsEveryViolation: a failure of an Audit binding is recorded
// in the request annotation validation.policy.admission.k8s.io/validation_failure.
// A v1.37 API server collects the failures of every policy of a request
// into that one annotation (at most 50), so a pod that breaks two rules in
// an audit namespace leaves both in the audit event; before 1.37 the
// annotation could be set once per request, which kept the first (README
// "Namespace labels"). Both bindings fail, and the request is admitted.
func TestAuditRecordsEveryViolation(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	d := f.decide(t, req{obj: restrictedPod("web", hostNetwork, noRunAsNonRoot), ns: namespace("shop", "audit", "restricted")})
	check(t, d, want{Failed: []string{judgedBy(hostNS, "-audit"), judgedBy(nonRoot, "-audit")}, Audit: audited(t, d)})
	value := d.AuditAnnotations[failureAnnotation]
	for _, policy := range []string{hostNS, nonRoot + "-audit"} {
		if !strings.Contains(value, `"policy":"`+policy+`"`) {
			t.Errorf("%s does not record the violation of %s: %s", failureAnnotation, policy, value)
		}
	}
}
