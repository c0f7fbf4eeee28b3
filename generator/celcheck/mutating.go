// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/util/version"
	"k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch"
	"k8s.io/apiserver/pkg/cel/environment"
)

// Mutation is the kind of a MutatingAdmissionPolicy's mutation expression.
const Mutation ExprKind = "mutation"

// OldestMutating is the first API server that serves
// admissionregistration.k8s.io/v1 MutatingAdmissionPolicy.
var OldestMutating = version.MajorMinor(1, 36)

// MutatingRange is the part of r whose API servers serve MutatingAdmissionPolicy v1.
func MutatingRange(r Range) Range {
	if r.Oldest == nil || r.Oldest.LessThan(OldestMutating) {
		return Range{Oldest: OldestMutating}
	}
	return r
}

// CheckMutating compiles every expression of a MutatingAdmissionPolicy as
// the API server's mutating plugin does when it loads the policy (see
// compilePolicy in k8s.io/apiserver/pkg/admission/plugin/policy/mutating:
// variables, matchConditions, then each mutation with the patch types
// declared and its result type enforced), and checks that every API server
// of MutatingRange(r) accepts each when the policy is written. Mutations
// are not type-checked against the kind's schema: the API server checks an
// apply configuration against it when it applies it.
func (c *Checker) CheckMutating(policy *admissionregistrationv1.MutatingAdmissionPolicy, r Range) ([]Issue, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	exprs := mutatingExpressionsOf(&policy.Spec)
	compiler, err := c.apiServerCompiler()
	if err != nil {
		return nil, err
	}
	hasParams := policy.Spec.ParamKind != nil
	issues := compileAsAPIServer(compiler, hasParams, exprs, environment.StoredExpressions)
	broken := map[string]bool{}
	for _, is := range issues {
		broken[is.Field] = true
	}
	versioned, err := c.checkVersions(hasParams, exprs, broken, MutatingRange(r))
	if err != nil {
		return nil, err
	}
	return appendUnreported(append(issues, versioned...), optionalMisuse(exprs, broken)), nil
}

func mutatingExpressionsOf(spec *admissionregistrationv1.MutatingAdmissionPolicySpec) []expression {
	at := field.NewPath("spec")
	out := sharedExpressions(spec.Variables, spec.MatchConditions, at)
	for i, m := range spec.Mutations {
		path := at.Child("mutations").Index(i)
		e := expression{expr: Expr{Kind: Mutation, Index: i}, patchTypes: true}
		switch {
		case m.ApplyConfiguration != nil:
			e.field = path.Child("applyConfiguration", "expression").String()
			e.accessor = &patch.ApplyConfigurationCondition{Expression: m.ApplyConfiguration.Expression}
		case m.JSONPatch != nil:
			e.field = path.Child("jsonPatch", "expression").String()
			e.accessor = &patch.JSONPatchCondition{Expression: m.JSONPatch.Expression}
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

// MutatingText is the text of a MutatingAdmissionPolicy's expression.
func (e Expr) MutatingText(spec *admissionregistrationv1.MutatingAdmissionPolicySpec) string {
	if t := e.mutatingText(spec); t != nil {
		return *t
	}
	return ""
}

func (e Expr) mutatingText(spec *admissionregistrationv1.MutatingAdmissionPolicySpec) *string {
	switch e.Kind {
	case Variable:
		return &spec.Variables[e.Index].Expression
	case MatchCondition:
		return &spec.MatchConditions[e.Index].Expression
	case Mutation:
		m := &spec.Mutations[e.Index]
		if m.ApplyConfiguration != nil {
			return &m.ApplyConfiguration.Expression
		}
		if m.JSONPatch != nil {
			return &m.JSONPatch.Expression
		}
	}
	return nil
}
