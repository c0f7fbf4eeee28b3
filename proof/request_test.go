// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/testkit"
)

// object is a namespaced or cluster-scoped Kubernetes object.
type object interface {
	runtime.Object
	metav1.Object
}

// namespace is a namespace with labels given as key, value pairs; a key
// without a slash gets the label prefix (`profile` is
// pod-security.vapgen.io/profile).
var namespace = testkit.Namespace

// alice is an ordinary user.
var alice = &user.DefaultInfo{Name: "alice", Groups: []string{"vapgen:testers", user.AllAuthenticated}}

// req is one request: obj is created (old nil) or updated in ns.
type req struct {
	obj, old    object
	ns          *corev1.Namespace
	subresource string
	user        user.Info
}

// decide evaluates a request. It fails the test when the request cannot be
// built or a policy fails to evaluate (which would be a decision for the
// wrong reason).
func (f *fixture) decide(t testing.TB, r req) evaluator.Decision {
	t.Helper()
	obj := r.obj.DeepCopyObject().(object)
	er := evaluator.Request{Object: obj, SubResource: r.subresource, UserInfo: r.user, Operation: admission.Create}
	if r.old != nil {
		old := r.old.DeepCopyObject().(object)
		er.OldObject, er.Operation = old, admission.Update
	}
	if r.ns != nil {
		er.Namespace = r.ns
		obj.SetNamespace(r.ns.Name)
		if er.OldObject != nil {
			er.OldObject.(object).SetNamespace(r.ns.Name)
		}
	}
	d, err := f.eval.Evaluate(context.Background(), er)
	if err != nil {
		t.Fatalf("evaluate %s: %v", r.obj.GetName(), err)
	}
	for _, res := range d.Results {
		if res.Outcome == evaluator.OutcomeError {
			t.Errorf("%s: policy %s binding %s failed to evaluate: %s", r.obj.GetName(), res.Policy, res.Binding, res.Message)
		}
	}
	return d
}

// want is the expected decision: Deny is the exact Status message ("" when
// the request is admitted), Warnings the exact warnings, Audit the policy and
// binding of the audited failure as "policy/binding" (the API server keeps
// one), Failed, when not nil, every policy and binding that failed.
type want struct {
	Deny     string
	Warnings []string
	Audit    []string
	Failed   []string
}

// failureAnnotation is the audit annotation admission adds for audited
// failures.
const failureAnnotation = "validation.policy.admission.k8s.io/validation_failure"

func check(t testing.TB, d evaluator.Decision, w want) {
	t.Helper()
	if w.Deny == "" && !d.Allowed {
		t.Errorf("denied, want admitted: %s", d.Message)
	}
	if w.Deny != "" {
		if d.Allowed {
			t.Errorf("admitted, want denied with\n  %s", w.Deny)
		} else if d.Message != w.Deny {
			t.Errorf("message\n  got  %s\n  want %s", d.Message, w.Deny)
		} else if d.Code != 403 || d.Reason != metav1.StatusReasonForbidden {
			t.Errorf("denied with %d %s, want 403 Forbidden (the validation's reason)", d.Code, d.Reason)
		}
	}
	if !reflect.DeepEqual(d.Warnings, w.Warnings) && (len(d.Warnings) > 0 || len(w.Warnings) > 0) {
		t.Errorf("warnings\n  got  %q\n  want %q", d.Warnings, w.Warnings)
	}
	if got := audited(t, d); !reflect.DeepEqual(got, w.Audit) && (len(got) > 0 || len(w.Audit) > 0) {
		t.Errorf("audited failures\n  got  %q\n  want %q", got, w.Audit)
	}
	if got := failedPolicies(d); w.Failed != nil && !reflect.DeepEqual(got, w.Failed) && (len(got) > 0 || len(w.Failed) > 0) {
		t.Errorf("failed policies/bindings\n  got  %q\n  want %q", got, w.Failed)
	}
}

// audited lists the failures of the audit annotation as "policy/binding".
func audited(t testing.TB, d evaluator.Decision) []string {
	t.Helper()
	v, ok := d.AuditAnnotations[failureAnnotation]
	if !ok {
		return nil
	}
	var failures []struct {
		Policy  string `json:"policy"`
		Binding string `json:"binding"`
	}
	if err := json.Unmarshal([]byte(v), &failures); err != nil {
		t.Fatalf("%s: %v: %s", failureAnnotation, err, v)
	}
	var out []string
	for _, f := range failures {
		out = append(out, f.Policy+"/"+f.Binding)
	}
	return out
}

// forbidden is the API server's message when a binding denies a request;
// msg is the validation's message before its opt-out hint.
func forbidden(resource, name, policy, binding, msg string) string {
	return resource + ` "` + name + `" is forbidden: ValidatingAdmissionPolicy '` + policy + `' with binding '` + binding + `' denied request: ` + withOptOut(policy, msg)
}

// overlayBase maps the shipped overlays' copies of rules to their base
// rules, whose opt-out labels lift them.
var overlayBase = map[string]string{capsPtrace: capsBase, capsRestrCopy: capsRestr, hostPathCopy: "disallow-host-path-volumes", volTypesCopy: "restrict-volume-types"}

// withOptOut is msg as a policy of the shipped rules ends it: with the
// label that lifts the rule (the label guard's messages have none).
func withOptOut(policy, msg string) string {
	if policy == generator.GuardName {
		return msg
	}
	rule := policy
	for _, suffix := range []string{"-workloads", "-cronjobs", "-podtemplates"} {
		rule = strings.TrimSuffix(rule, suffix)
	}
	for _, mode := range []string{"-warn", "-audit"} {
		if r := strings.TrimSuffix(rule, mode); perMode[r] {
			rule = r
		}
	}
	if base, ok := overlayBase[rule]; ok {
		rule = base
	}
	return msg + " (opt out: namespace label pod-security.vapgen.io/" + rule + "=exclude)"
}

// perMode are the shipped rules that depend on the Pod Security Standards
// version: they have a policy per mode, named like its binding.
var perMode = map[string]bool{nonRoot: true, sysctlsRule: true, probesRule: true}

// judgedBy names the policy and binding that judge a rule in the mode whose
// binding suffix is given ("", "-warn", "-audit"), as policy/binding.
func judgedBy(rule, suffix string) string {
	if perMode[rule] {
		return rule + suffix + "/" + rule + suffix
	}
	return rule + "/" + rule + suffix
}

// warningFor is the API server's warning when a rule's Warn binding fails.
func warningFor(rule, msg string) string {
	policy, binding, _ := strings.Cut(judgedBy(rule, "-warn"), "/")
	return warning(policy, binding, msg)
}

// warning is the API server's warning when a Warn binding fails; msg is
// the validation's message before its opt-out hint.
func warning(policy, binding, msg string) string {
	return "Validation failed for ValidatingAdmissionPolicy '" + policy + "' with binding '" + binding + "': " + withOptOut(policy, msg)
}

// failedPolicies lists the policies that failed, whatever their bindings do.
func failedPolicies(d evaluator.Decision) []string {
	var out []string
	for _, r := range d.Results {
		if r.Outcome != evaluator.OutcomePass {
			out = append(out, r.Policy+"/"+r.Binding)
		}
	}
	return out
}
