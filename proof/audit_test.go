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
	const wantValue = `[{"message":"host namespaces (hostNetwork=true)","policy":"disallow-host-namespaces","binding":"disallow-host-namespaces-audit","expressionIndex":0,"validationActions":["Audit"]}]`
	if got := d.AuditAnnotations[failureAnnotation]; got != wantValue {
		t.Errorf("%s\n  got  %s\n  want %s", failureAnnotation, got, wantValue)
	}
	check(t, d, want{Audit: []string{hostNS + "/" + hostNS + "-audit"}})
}

// TestAuditKeepsFirstViolation documents a limit of the API server (v1.35)
// that the README states: a failure of an Audit binding is recorded as the
// request annotation validation.policy.admission.k8s.io/validation_failure,
// which may be set once per request (admission.Attributes.AddAnnotation
// refuses to overwrite it). With one policy per rule, a pod that breaks two
// rules in an audit namespace leaves the first violation in the audit event
// and the second only in the API server's log. Both bindings still fail, and
// the request is admitted.
func TestAuditKeepsFirstViolation(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	d := f.decide(t, req{obj: restrictedPod("web", hostNetwork, noRunAsNonRoot), ns: namespace("shop", "audit", "restricted")})
	check(t, d, want{Failed: []string{hostNS + "/" + hostNS + "-audit", nonRoot + "/" + nonRoot + "-audit"}, Audit: audited(t, d)})
	value := d.AuditAnnotations[failureAnnotation]
	recorded := 0
	for _, policy := range []string{hostNS, nonRoot} {
		if strings.Contains(value, `"policy":"`+policy+`"`) {
			recorded++
		}
	}
	if recorded != 1 {
		t.Errorf("%s records %d of the 2 violations, want exactly the first: %s", failureAnnotation, recorded, value)
	}
}
