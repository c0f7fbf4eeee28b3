// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
)

// Decision is what the API server answers to the request.
type Decision struct {
	Allowed bool
	// Namespace the request was made in ("" for cluster-scoped objects).
	Namespace string
	// Message is the Status message the API server returns when it denies,
	// e.g. `pods "web" is forbidden: ValidatingAdmissionPolicy 'x' with
	// binding 'x' denied request: ...`. Empty when allowed.
	Message string
	// Code and Reason are the Status code and reason (e.g. 403 Forbidden,
	// 422 Invalid) when denied; zero when allowed.
	Code   int32
	Reason metav1.StatusReason
	// Warnings are the Warning header texts, in order.
	Warnings []string
	// AuditAnnotations are the annotations admission adds to the audit event.
	AuditAnnotations map[string]string
	// Results has one entry per policy and binding that matched the request
	// (after matchConditions), in evaluation order.
	Results []Result
	// Mutations are the changes MutatingAdmissionPolicies made to the object,
	// in the order they ran, before the validating policies judged it.
	Mutations []Mutation
	// Object is the request's object as validation saw it, after defaulting
	// and mutation, in its version (unstructured); nil when the request has
	// none or admission stopped before validation. Set only by an Evaluator
	// built WithStoredObject.
	Object *unstructured.Unstructured
}

// Outcome of one policy and binding for one request.
type Outcome string

const (
	OutcomePass  Outcome = "pass"  // every validation held
	OutcomeFail  Outcome = "fail"  // a validation is false
	OutcomeError Outcome = "error" // an expression or the configuration failed
	OutcomeSkip  Outcome = "skip"  // matched, but no param was found (parameterNotFoundAction Allow)
)

// Result of one policy and binding. What the failure causes depends on
// Actions: Deny rejects the request, Warn adds a warning, Audit an audit
// annotation.
type Result struct {
	Policy  string
	Binding string // empty when the policy itself is misconfigured
	Actions []admissionregistrationv1.ValidationAction
	Outcome Outcome
	// Message of the first failing validation (its message, messageExpression
	// or the API server's default text), or of the error.
	Message string
	// Failures lists every failing validation, in evaluation order, when the
	// evaluator was built with WithFailures (Message is the first's); nil
	// otherwise.
	Failures []Failure
}

// Failure is one failing validation of a result.
type Failure struct {
	// Validation is the index of the validation in the policy's
	// spec.validations, or -1 when the failure is not a validation's (a
	// compile error, a matchCondition error, an error of the whole
	// evaluation).
	Validation int
	Outcome    Outcome // OutcomeFail or OutcomeError
	Message    string
}

// deny fills the decision from the error admission returned, as the API
// server's response writer turns it into a Status.
func (d *Decision) deny(err error) {
	status := responsewriters.ErrorToAPIStatus(err)
	d.Allowed = false
	d.Message = status.Message
	d.Code = status.Code
	d.Reason = status.Reason
}
