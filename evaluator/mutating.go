// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"fmt"
	"sync"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/mutating"
	"k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	"k8s.io/apiserver/pkg/cel/environment"
)

// Mutation is what one MutatingAdmissionPolicy's mutation changed in the
// object.
type Mutation struct {
	Policy string
	// Index is the mutation's index in the policy's spec.mutations.
	Index int
	// Fields are the paths of the fields it set or changed, e.g.
	// spec.containers[name=app].securityContext.allowPrivilegeEscalation,
	// sorted.
	Fields []string
}

// buildMutatingHooks is buildHooks for MutatingAdmissionPolicies: one hook
// per policy that has bindings, with its compiled mutations.
func buildMutatingHooks(s *Set) ([]mutating.PolicyHook, error) {
	bindings := byPolicy(s.mutatingBindings, func(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) string { return b.Spec.PolicyName })
	params := newParamSource(s)
	var hooks []mutating.PolicyHook
	for _, p := range s.mutating {
		if len(bindings[p.Name]) == 0 {
			continue
		}
		hp, skip, err := params.of(p.Spec.ParamKind)
		if err != nil {
			return nil, err
		}
		if !skip {
			hooks = append(hooks, mutating.PolicyHook{
				Policy:             p,
				Bindings:           bindings[p.Name],
				Evaluator:          compileMutatingPolicy(p),
				ConfigurationError: hp.configurationError,
				ParamInformer:      hp.informer,
				ParamScope:         hp.scope,
			})
		}
	}
	return hooks, nil
}

// compileMutatingPolicy does what k8s.io/apiserver@v0.37.2
// pkg/admission/plugin/policy/mutating/compilation.go (compilePolicy, which
// is unexported) does, and wraps each patcher so that what it changes is
// recorded. Keep it in step with the k8s.io/apiserver version in go.mod.
func compileMutatingPolicy(policy *admissionregistrationv1.MutatingAdmissionPolicy) mutating.PolicyEvaluator {
	opts := cel.OptionalVariableDeclarations{HasParams: policy.Spec.ParamKind != nil, HasAuthorizer: true}
	compiler, err := cel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		return mutating.PolicyEvaluator{Error: err}
	}
	compiler.CompileAndStoreVariables(convertVariables(policy.Spec.Variables), opts, environment.StoredExpressions)
	var matcher matchconditions.Matcher
	if conds := policy.Spec.MatchConditions; len(conds) > 0 {
		accessors := make([]cel.ExpressionAccessor, len(conds))
		for i := range conds {
			accessors[i] = (*matchconditions.MatchCondition)(&conds[i])
		}
		matcher = matchconditions.NewMatcher(compiler.CompileCondition(accessors, opts, environment.StoredExpressions), policy.Spec.FailurePolicy, "policy", "validate", policy.Name)
	}
	patchOpts := opts
	patchOpts.HasPatchTypes = true
	var patchers []patch.Patcher
	for i, m := range policy.Spec.Mutations {
		var p patch.Patcher
		switch {
		case m.PatchType == admissionregistrationv1.PatchTypeJSONPatch && m.JSONPatch != nil:
			p = patch.NewJSONPatcher(compiler.CompileMutatingEvaluator(&patch.JSONPatchCondition{Expression: m.JSONPatch.Expression}, patchOpts, environment.StoredExpressions))
		case m.PatchType == admissionregistrationv1.PatchTypeApplyConfiguration && m.ApplyConfiguration != nil:
			p = patch.NewApplyConfigurationPatcher(compiler.CompileMutatingEvaluator(&patch.ApplyConfigurationCondition{Expression: m.ApplyConfiguration.Expression}, patchOpts, environment.StoredExpressions))
		default:
			continue
		}
		patchers = append(patchers, recordingPatcher{policy: policy.Name, index: i, patcher: p})
	}
	return mutating.PolicyEvaluator{Matcher: matcher, Mutators: patchers, CompositedCompiler: compiler}
}

// recordingPatcher records, in the request's mutationLog, which fields a
// mutation changed.
type recordingPatcher struct {
	policy  string
	index   int
	patcher patch.Patcher
}

func (r recordingPatcher) Patch(ctx context.Context, req patch.Request, budget int64) (runtime.Object, error) {
	before := req.VersionedAttributes.VersionedObject.Object()
	after, err := r.patcher.Patch(ctx, req, budget)
	if err != nil {
		return nil, err
	}
	if log, ok := ctx.Value(mutationLogKey{}).(*mutationLog); ok {
		fields, derr := changedFields(before, after)
		if derr != nil {
			return nil, fmt.Errorf("comparing the object before and after mutation %d: %w", r.index, derr)
		}
		if len(fields) > 0 {
			log.add(Mutation{Policy: r.policy, Index: r.index, Fields: fields})
		}
	}
	return after, nil
}

type mutationLogKey struct{}

// mutationLog holds the mutations of one request in the order they ran.
type mutationLog struct {
	mu        sync.Mutex
	mutations []Mutation
}

func (l *mutationLog) add(m Mutation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.mutations = append(l.mutations, m)
}
