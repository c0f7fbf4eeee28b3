// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
)

// buildHooks turns the Set into the hooks the API server's policy source
// (generic/policy_source.go, calculatePolicyData) hands the dispatcher: one
// per policy that has bindings, with its compiled validator, its bindings
// and the informer of its paramKind, or the configuration error that makes
// every matching request fail. Bindings of missing policies are dropped, as
// are policies whose paramKind apiVersion does not parse.
//
// The API server orders hooks and bindings by map iteration, so which denial
// its message names is unspecified when several deny; here policies and
// bindings are in name order, which makes the message deterministic.
func buildHooks(s *Set) ([]validating.PolicyHook, error) {
	bindings := map[string][]*admissionregistrationv1.ValidatingAdmissionPolicyBinding{}
	for _, b := range s.bindings {
		bindings[b.Spec.PolicyName] = append(bindings[b.Spec.PolicyName], b)
	}
	informers := map[schema.GroupVersionKind]paramInformer{}
	var hooks []validating.PolicyHook
	for _, p := range s.policies {
		if len(bindings[p.Name]) == 0 {
			continue
		}
		gvk, info, err := s.paramKind(p.Spec.ParamKind)
		if gvk == nil && err != nil {
			continue
		}
		hook := validating.PolicyHook{
			Policy:    p,
			Bindings:  bindings[p.Name],
			Evaluator: &recordingValidator{policy: p.Name, validator: compilePolicy(p)},
		}
		switch {
		case err != nil:
			hook.ConfigurationError = err
		case info != nil:
			inf, ok := informers[*gvk]
			if !ok {
				if inf, err = newParamInformer(s.params, *gvk, *info); err != nil {
					return nil, err
				}
				informers[*gvk] = inf
			}
			hook.ParamInformer = inf
			hook.ParamScope = paramScope(*info)
		}
		hooks = append(hooks, hook)
	}
	return hooks, nil
}
