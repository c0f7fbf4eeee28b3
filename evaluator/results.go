// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"sync"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// recordingValidator is the compiled validator of one policy. It records
// each result in the request's call log, so that per-binding results come
// from the very evaluation the dispatcher made, not from a second one.
type recordingValidator struct {
	policy    string
	validator validating.Validator
}

func (v *recordingValidator) Validate(ctx context.Context, matchedResource schema.GroupVersionResource, versionedAttr *admission.VersionedAttributes, versionedParams runtime.Object, namespace *corev1.Namespace, runtimeCELCostBudget int64, authz authorizer.UnconditionalAuthorizer) validating.ValidateResult {
	result := v.validator.Validate(ctx, matchedResource, versionedAttr, versionedParams, namespace, runtimeCELCostBudget, authz)
	if log, ok := ctx.Value(callLogKey{}).(*callLog); ok {
		log.add(v.policy, result)
	}
	return result
}

func (v *recordingValidator) CompileError() error { return v.validator.CompileError() }

type callLogKey struct{}

// callLog holds, per policy, the validator results of one request in call
// order.
type callLog struct {
	mu    sync.Mutex
	calls map[string][]validating.ValidateResult
}

func (l *callLog) add(policy string, r validating.ValidateResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls == nil {
		l.calls = map[string][]validating.ValidateResult{}
	}
	l.calls[policy] = append(l.calls[policy], r)
}

func (l *callLog) next(policy string) (validating.ValidateResult, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.calls[policy]) == 0 {
		return validating.ValidateResult{}, false
	}
	r := l.calls[policy][0]
	l.calls[policy] = l.calls[policy][1:]
	return r, true
}

// results attributes the logged validator calls to bindings by walking the
// hooks the way the validating dispatcher (validating/dispatcher.go) does:
// the matcher's answers to the dispatcher, the same param collection, one
// validator call per param.
func results(hooks []validating.PolicyHook, a admission.Attributes, o admission.ObjectInterfaces, m *recordingMatcher, log *callLog, failures bool) []Result {
	var out []Result
	for _, hook := range hooks {
		p := hook.Policy
		matches, err := m.definitionMatches(a, o, validating.NewValidatingAdmissionPolicyAccessor(p))
		if err == nil && matches && hook.ConfigurationError != nil {
			err = hook.ConfigurationError
		}
		if err != nil {
			out = append(out, Result{Policy: p.Name, Outcome: OutcomeError, Message: "failed to configure policy: " + err.Error()})
			continue
		}
		if !matches {
			continue
		}
		for _, b := range hook.Bindings {
			r := Result{Policy: p.Name, Binding: b.Name, Actions: b.Spec.ValidationActions, Outcome: OutcomePass}
			matches, err := m.bindingMatches(a, o, validating.NewValidatingAdmissionPolicyBindingAccessor(b))
			var params []runtime.Object
			if err == nil && matches {
				params, err = generic.CollectParams(p.Spec.ParamKind, hook.ParamInformer, hook.ParamScope, b.Spec.ParamRef, a.GetNamespace(), nil, nil)
			}
			switch {
			case err != nil:
				r.Outcome, r.Message = OutcomeError, "failed to configure binding: "+err.Error()
			case !matches:
				continue
			case len(params) == 0:
				r.Outcome, r.Message = OutcomeSkip, "no params found for the binding's paramRef"
			default:
				excluded := true
				for range params {
					call, ok := log.next(p.Name)
					if !ok {
						r.Outcome, r.Message, excluded = OutcomeError, "not evaluated: admission stopped before this binding", false
						break
					}
					if len(call.Decisions) > 0 || len(call.AuditAnnotations) > 0 {
						excluded = false
						merge(&r, call)
						if failures {
							r.Failures = append(r.Failures, failuresOf(call, len(p.Spec.Validations))...)
						}
					}
				}
				if excluded { // matchConditions did not match
					continue
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// merge records the first failure of a validator result.
func merge(r *Result, call validating.ValidateResult) {
	if r.Outcome != OutcomePass {
		return
	}
	for _, d := range call.Decisions {
		switch {
		case d.Evaluation == validating.EvalError:
			r.Outcome, r.Message = OutcomeError, d.Message
		case d.Action == validating.ActionDeny:
			r.Outcome, r.Message = OutcomeFail, d.Message
		default:
			continue
		}
		return
	}
	for _, an := range call.AuditAnnotations {
		if an.Action == validating.AuditAnnotationActionError {
			r.Outcome, r.Message = OutcomeError, an.Error
			return
		}
	}
}

// failuresOf lists the failing decisions of a validator result. The
// validator returns one decision per validation, in order, unless the whole
// evaluation failed (one error decision): then failures are not attributed
// to a validation (Validation -1), except in a policy with one validation,
// where the two cannot be told apart.
func failuresOf(call validating.ValidateResult, validations int) []Failure {
	var out []Failure
	perValidation := len(call.Decisions) == validations
	for i, d := range call.Decisions {
		f := Failure{Validation: -1, Message: d.Message}
		switch {
		case d.Evaluation == validating.EvalError:
			f.Outcome = OutcomeError
		case d.Action == validating.ActionDeny:
			f.Outcome = OutcomeFail
		default:
			continue
		}
		if perValidation {
			f.Validation = i
		}
		out = append(out, f)
	}
	for _, an := range call.AuditAnnotations {
		if an.Action == validating.AuditAnnotationActionError {
			out = append(out, Failure{Validation: -1, Outcome: OutcomeError, Message: an.Error})
		}
	}
	return out
}
