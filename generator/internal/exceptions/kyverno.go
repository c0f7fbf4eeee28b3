// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package exceptions

import (
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/podrules"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// kyvernoException converts a kyverno.io PolicyException; it returns what
// attaches it to the rules it names.
func (s *stage) kyvernoException(doc *yamldoc.Document, p *report.Problems) func() {
	var pe kyverno.PolicyException
	if errs := doc.Decode(&pe); len(errs) > 0 {
		p.Fields(errs)
		return nil
	}
	spec := field.NewPath("spec")
	if len(pe.Spec.Conditions) > 0 {
		p.Unsupportedf(spec.Child("conditions"), "conditions (JMESPath, which the API server cannot evaluate); write them in the policy's celPreconditions instead")
	}
	if len(pe.Spec.PodSecurity) > 0 {
		p.Unsupportedf(spec.Child("podSecurity"), "podSecurity exclusions (they lift controls of validate.podSecurity rules, which vapgen does not convert)")
	}
	targets := s.kyvernoTargets(pe.Spec.Exceptions, spec.Child("exceptions"), p)
	expr, nsSelector := matchExpr(pe.Spec.Match, spec.Child("match"), p)
	exc := model.Exception{Name: exceptionKey(doc), Doc: doc, Path: spec.Child("match")}
	if nsSelector != nil {
		req, err := convert.Negate(nsSelector)
		if err != nil {
			p.Add(spec.Child("match"), err)
		}
		exc.Namespaces = &req
	} else {
		exc.Condition = negated(doc, expr)
	}
	if !p.OK() {
		return nil
	}
	return func() {
		for _, r := range s.rules {
			if policies := targets[ruleKey(r)]; len(policies) > 0 {
				e := exc
				e.Policies = policies
				r.Exceptions = append(r.Exceptions, e)
			}
		}
	}
}

// kyvernoTargets resolves the exception's policy names and rule name
// patterns to the policies of each rule they cover (by ruleKey). A policy
// that is not among the inputs, or a pattern that names none of its rules,
// is an error: such an exception would have no effect.
func (s *stage) kyvernoTargets(list []kyverno.Exception, path *field.Path, p *report.Problems) map[string][]string {
	if len(list) == 0 {
		p.Errorf(path, "exceptions is required: name the policies and rules the exception lifts")
	}
	out := map[string][]string{}
	for i, e := range list {
		at := path.Index(i)
		if len(e.Images) > 0 || len(e.Values) > 0 {
			p.Unsupportedf(at, "image and value exceptions (Kyverno's engine applies them while it evaluates a rule)")
		}
		rules, ok := s.index[kyvernoKeyOf(e.PolicyName)]
		switch {
		case e.PolicyName == "":
			p.Errorf(at.Child("policyName"), "policyName is required")
			continue
		case !ok:
			p.Errorf(at.Child("policyName"), "no ClusterPolicy or Policy %q among the inputs (a Policy is named namespace/name)", e.PolicyName)
			continue
		case len(e.RuleNames) == 0:
			p.Errorf(at.Child("ruleNames"), "ruleNames is required")
		}
		for j, pattern := range e.RuleNames {
			matched := false
			for _, rule := range rules {
				policies := coveredPolicies(pattern, rule)
				matched = matched || len(policies) > 0
				key := e.PolicyName + "\x00" + rule
				out[key] = mergePolicies(out[key], policies)
			}
			if !matched {
				p.Errorf(at.Child("ruleNames").Index(j), "%q names no rule of policy %q (its rules: %s; autogen-<rule> and autogen-cronjob-<rule> name their pod controller rules)", pattern, e.PolicyName, strings.Join(rules, ", "))
			}
		}
	}
	return out
}

// coveredPolicies are the policies of a rule a rule name pattern covers:
// the rule's own for its name, and its pod template policies for the
// names Kyverno gives the rules it generates for pod controllers.
func coveredPolicies(pattern, rule string) []string {
	var out []string
	if globMatch(pattern, rule) {
		out = append(out, "")
	}
	for _, t := range podrules.Targets {
		autogen := "autogen-" + rule
		if t.Suffix == "cronjobs" {
			autogen = "autogen-cronjob-" + rule
		}
		if globMatch(pattern, autogen) {
			out = append(out, t.Suffix)
		}
	}
	return out
}

func mergePolicies(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

// ruleKey is how a kyverno.io exception names a rule's policy and rule.
func ruleKey(r *model.Rule) string {
	o := r.Origin
	switch o.PolicyKind {
	case "ClusterPolicy":
		return o.Policy + "\x00" + o.Rule
	case "Policy":
		return o.Namespace + "/" + o.Policy + "\x00" + o.Rule
	}
	return ""
}
