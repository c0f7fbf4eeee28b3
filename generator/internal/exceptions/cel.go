// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package exceptions

import (
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/podrules"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// convertedKinds are the policies.kyverno.io kinds vapgen converts; a CEL
// exception may also name other kinds, which vapgen reports on their own.
var convertedKinds = map[string]bool{
	"ValidatingPolicy": true, "NamespacedValidatingPolicy": true,
	"MutatingPolicy": true, "NamespacedMutatingPolicy": true,
}

// celException converts a policies.kyverno.io PolicyException, which lifts
// the policies it refers to, whole, for the requests where all its
// matchConditions hold; it returns what attaches it to them.
func (s *stage) celException(doc *yamldoc.Document, p *report.Problems) func() {
	var pe kyverno.CELPolicyException
	if errs := doc.Decode(&pe); len(errs) > 0 {
		p.Fields(errs)
		return nil
	}
	spec := field.NewPath("spec")
	checkCELFeatures(&pe.Spec, spec, p)
	refs := map[string]bool{}
	if len(pe.Spec.PolicyRefs) == 0 {
		p.Errorf(spec.Child("policyRefs"), "policyRefs is required: name the policies the exception lifts")
	}
	for i, ref := range pe.Spec.PolicyRefs {
		key := celKey(ref.Kind, ref.Name)
		if _, ok := s.index[key]; !ok {
			p.Errorf(spec.Child("policyRefs").Index(i), "no %s %q among the inputs", ref.Kind, ref.Name)
			continue
		}
		refs[key] = convertedKinds[ref.Kind]
	}
	conds := spec.Child("matchConditions")
	if len(pe.Spec.MatchConditions) == 0 {
		p.Errorf(conds, "matchConditions is required: without them the exception lifts the policies for every request")
	}
	s.checker.Conditions(pe.Spec.MatchConditions, doc, conds, p)
	if !p.OK() {
		return nil
	}
	exprs := make([]string, len(pe.Spec.MatchConditions))
	for i, mc := range pe.Spec.MatchConditions {
		exprs[i] = mc.Expression
	}
	exc := model.Exception{Name: exceptionKey(doc), Condition: negated(doc, exprs...), Doc: doc, Path: conds, Policies: allPolicies()}
	return func() {
		for _, r := range s.rules {
			if refs[celKey(r.Origin.PolicyKind, r.Origin.Policy)] {
				r.Exceptions = append(r.Exceptions, exc)
			}
		}
		for _, m := range s.mutations {
			if refs[celKey(m.Origin.PolicyKind, m.Origin.Policy)] {
				m.MAP.Spec.MatchConditions = append(m.MAP.Spec.MatchConditions, *exc.Condition)
				m.Exceptions = append(m.Exceptions, exc)
			}
		}
	}
}

// checkCELFeatures reports what Kyverno evaluates inside a policy and an
// admission exclusion cannot say.
func checkCELFeatures(spec *kyverno.CELPolicyExceptionSpec, path *field.Path, p *report.Problems) {
	if len(spec.Images) > 0 {
		p.Unsupportedf(path.Child("images"), "images (read through Kyverno's exceptions.allowedImages, which the API server does not have)")
	}
	if len(spec.AllowedValues) > 0 {
		p.Unsupportedf(path.Child("allowedValues"), "allowedValues (read through Kyverno's exceptions.allowedValues, which the API server does not have)")
	}
	if len(spec.Validations) > 0 {
		p.Unsupportedf(path.Child("validations"), "validations that must hold for the exception to apply (compensating controls)")
	}
	if spec.ExpiresAt != nil {
		p.Unsupportedf(path.Child("expiresAt"), "expiresAt (a generated matchCondition cannot expire)")
	}
}

// allPolicies are a rule's own policy and its pod template policies: a CEL
// exception lifts the whole policy, including what Kyverno generates for
// pod controllers.
func allPolicies() []string {
	out := []string{""}
	for _, t := range podrules.Targets {
		out = append(out, t.Suffix)
	}
	return out
}
