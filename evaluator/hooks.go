// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/client-go/informers"
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
	bindings := byPolicy(s.bindings, func(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding) string { return b.Spec.PolicyName })
	params := newParamSource(s)
	var hooks []validating.PolicyHook
	for _, p := range s.policies {
		if len(bindings[p.Name]) == 0 {
			continue
		}
		hp, skip, err := params.of(p.Spec.ParamKind)
		if err != nil {
			return nil, err
		}
		if !skip {
			hooks = append(hooks, validating.PolicyHook{
				Policy:             p,
				Bindings:           bindings[p.Name],
				Evaluator:          &recordingValidator{policy: p.Name, validator: compilePolicy(p)},
				ConfigurationError: hp.configurationError,
				ParamInformer:      hp.informer,
				ParamScope:         hp.scope,
			})
		}
	}
	return hooks, nil
}

// paramSource resolves the paramKinds of policies like the API server's
// policy source, with one informer per kind, shared by the hooks.
type paramSource struct {
	set       *Set
	informers map[schema.GroupVersionKind]paramInformer
}

func newParamSource(s *Set) *paramSource {
	return &paramSource{set: s, informers: map[schema.GroupVersionKind]paramInformer{}}
}

// hookParams is what a hook gets of its policy's paramKind.
type hookParams struct {
	configurationError error
	informer           informers.GenericInformer
	scope              meta.RESTScope
}

// of resolves a paramKind (nil: none); skip says the API server ignores
// the policy.
func (ps *paramSource) of(pk *admissionregistrationv1.ParamKind) (hookParams, bool, error) {
	gvk, info, err := ps.set.paramKind(pk)
	switch {
	case gvk == nil && err != nil:
		return hookParams{}, true, nil
	case err != nil:
		return hookParams{configurationError: err}, false, nil
	case info == nil:
		return hookParams{}, false, nil
	}
	inf, ok := ps.informers[*gvk]
	if !ok {
		if inf, err = newParamInformer(ps.set.params, *gvk, *info); err != nil {
			return hookParams{}, false, err
		}
		ps.informers[*gvk] = inf
	}
	return hookParams{informer: inf, scope: paramScope(*info)}, false, nil
}

// byPolicy groups bindings by the policy they bind, in their order.
func byPolicy[B any](bindings []B, policyOf func(B) string) map[string][]B {
	out := map[string][]B{}
	for _, b := range bindings {
		out[policyOf(b)] = append(out[policyOf(b)], b)
	}
	return out
}
