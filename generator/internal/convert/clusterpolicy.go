// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// clusterPolicy turns every rule of a kyverno.io ClusterPolicy or Policy
// into a rule.
func (c *converter) clusterPolicy(doc *yamldoc.Document) {
	var cp kyverno.ClusterPolicy
	if !c.decode(doc, &cp) {
		return
	}
	top := report.New(doc, fmt.Sprintf("policy %q", cp.Name))
	checkPolicyName(cp.Name, top)
	if doc.Kind == "Policy" && cp.Namespace == "" {
		top.Errorf(field.NewPath("metadata"), "a namespaced Policy needs metadata.namespace: it governs only that namespace")
	}
	profile, err := profileOf(doc, cp.Annotations, c.opts.DefaultPolicyProfile)
	if err != nil {
		top.Errorf(field.NewPath("metadata"), "%v", err)
	}
	if len(cp.Spec.ValidationFailureActionOverrides) > 0 && c.opts.Actions == model.ActionsFromPolicy {
		top.Unsupportedf(field.NewPath("spec", "validationFailureActionOverrides"), "per-namespace validation failure actions")
	}
	if len(cp.Spec.Rules) == 0 {
		top.Errorf(field.NewPath("spec"), "the policy has no rules")
	}
	if !top.OK() {
		top.Report(c.diags, c.opts.SkipUnsupported)
		return
	}
	for i := range cp.Spec.Rules {
		rulePath := field.NewPath("spec", "rules").Index(i)
		rule := &cp.Spec.Rules[i]
		p := report.New(doc, fmt.Sprintf("policy %q rule %q", cp.Name, rule.Name))
		r := Rule(&cp, rule, rulePath, c.known, p)
		p.Report(c.diags, c.opts.SkipUnsupported)
		if !p.OK() {
			continue
		}
		r.Profile = profile
		r.Origin = model.Origin{Doc: doc, PolicyKind: doc.Kind, Policy: cp.Name, Namespace: cp.Namespace, Rule: rule.Name, Path: rulePath}
		r.Annotations = policyAnnotations(cp.Annotations)
		c.rules = append(c.rules, r)
	}
}

// Rule converts one rule of a ClusterPolicy (or an overlay's replacement,
// shaped like one) at path; the caller sets what comes from the policy
// around it (profile, origin, annotations). It is nil when p has problems.
func Rule(cp *kyverno.ClusterPolicy, rule *kyverno.Rule, path *field.Path, known *kinds.Table, p *report.Problems) *model.Rule {
	checkRuleName(rule.Name, path, p)
	checkRuleFeatures(rule, path, p)
	v := rule.Validate
	if v == nil {
		if p.OK() {
			p.Errorf(path, "the rule has no validate block")
		}
		return nil
	}
	vpath := path.Child("validate")
	checkValidateFeatures(v, vpath, p)
	if v.CEL == nil {
		if p.OK() {
			p.Unsupportedf(vpath, "a validate rule without cel")
		}
		return nil
	}
	cel := v.CEL
	if len(cel.Expressions) == 0 && len(cel.AuditAnnotations) == 0 {
		p.Errorf(vpath.Child("cel"), "cel needs expressions or auditAnnotations")
	}
	match := convertMatch(rule.Match, path.Child("match"), known, p)
	applyExclude(match, rule.Exclude, path.Child("exclude"), known, p)
	subjects, subjectSources := subjectConditions(rule.Match, rule.Exclude, path, p)
	if cp.Kind == "Policy" && match != nil {
		match.NamespaceSelector = andSelector(match.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: []string{cp.Namespace}})
	}
	actions, err := clusterPolicyActions(cp.Spec.ValidationFailureAction, v.FailureAction)
	if err != nil {
		p.Add(vpath.Child("failureAction"), err)
	}
	fp, err := failurePolicy(cp.Spec.FailurePolicy)
	if err != nil {
		p.Add(field.NewPath("spec", "failurePolicy"), err)
	}
	if !p.OK() {
		return nil
	}
	validations := make([]admissionregistrationv1.Validation, len(cel.Expressions))
	for i, e := range cel.Expressions {
		msgPath := vpath.Child("cel", "expressions").Index(i).Child("message")
		if e.Message == "" && e.MessageExpression == "" {
			e.Message, msgPath = v.Message, vpath.Child("message")
		}
		e.Message = oneLine(e.Message, msgPath, p)
		validations[i] = e
	}
	spec := admissionregistrationv1.ValidatingAdmissionPolicySpec{
		ParamKind:        cel.ParamKind,
		MatchConstraints: match,
		Validations:      validations,
		FailurePolicy:    fp,
		AuditAnnotations: cel.AuditAnnotations,
		MatchConditions:  rule.CELPreconditions,
		Variables:        cel.Variables,
	}
	sources := model.RuleSources(&spec, path)
	spec.MatchConditions = append(subjects, spec.MatchConditions...)
	for name, at := range subjectSources {
		sources[model.ExprRef{Kind: model.MatchCondition, Name: name}] = at
	}
	return &model.Rule{Spec: spec, Actions: actions, ParamRef: cel.ParamRef, Sources: sources}
}

func checkRuleName(name string, path *field.Path, p *report.Problems) {
	switch {
	case name == "":
		p.Errorf(path, "rule name is required")
	case len(name) > maxRuleNameLength:
		p.Errorf(path.Child("name"), "rule name is %d characters long; Kyverno allows at most %d", len(name), maxRuleNameLength)
	}
}

// checkRuleFeatures reports the rule features no ValidatingAdmissionPolicy has.
func checkRuleFeatures(rule *kyverno.Rule, path *field.Path, p *report.Problems) {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"context", len(rule.Context) > 0}, {"preconditions", len(rule.Preconditions) > 0},
		{"mutate", len(rule.Mutate) > 0}, {"generate", len(rule.Generate) > 0},
		{"verifyImages", len(rule.VerifyImages) > 0}, {"imageExtractors", len(rule.ImageExtractors) > 0},
	} {
		if f.set {
			p.Unsupportedf(path.Child(f.name), "%s (JMESPath and Kyverno-only rule features)", f.name)
		}
	}
}

// checkValidateFeatures reports the validations that are not CEL.
func checkValidateFeatures(v *kyverno.Validation, vpath *field.Path, p *report.Problems) {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"pattern", len(v.Pattern) > 0}, {"anyPattern", len(v.AnyPattern) > 0}, {"deny", len(v.Deny) > 0},
		{"podSecurity", len(v.PodSecurity) > 0}, {"foreach", len(v.ForEach) > 0},
		{"manifests", len(v.Manifests) > 0}, {"assert", len(v.Assert) > 0},
		{"failureActionOverrides", len(v.FailureActionOverrides) > 0},
	} {
		if f.set {
			p.Unsupportedf(vpath.Child(f.name), "validate.%s (only validate.cel rules become ValidatingAdmissionPolicies)", f.name)
		}
	}
}

// clusterPolicyActions maps Kyverno's failure action (the rule's wins over the
// policy's; Audit is Kyverno's default) to VAP validation actions.
func clusterPolicyActions(policyAction, ruleAction string) ([]admissionregistrationv1.ValidationAction, error) {
	action := policyAction
	if ruleAction != "" {
		action = ruleAction
	}
	switch strings.ToLower(action) {
	case "enforce":
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}, nil
	case "audit", "":
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit, admissionregistrationv1.Warn}, nil
	}
	return nil, fmt.Errorf("unknown failure action %q (want Enforce or Audit)", action)
}

// failurePolicy is the policy's failure policy; Fail unless it says Ignore.
func failurePolicy(fp *admissionregistrationv1.FailurePolicyType) (*admissionregistrationv1.FailurePolicyType, error) {
	out := admissionregistrationv1.Fail
	if fp != nil && *fp != "" {
		out = *fp
	}
	if out != admissionregistrationv1.Fail && out != admissionregistrationv1.Ignore {
		return nil, fmt.Errorf("unknown failurePolicy %q (want Fail or Ignore)", out)
	}
	return &out, nil
}

// maxRuleNameLength is the longest rule name Kyverno accepts.
const maxRuleNameLength = 63

func checkPolicyName(name string, p *report.Problems) {
	if name == "" {
		p.Errorf(field.NewPath("metadata"), "metadata.name is required")
		return
	}
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		p.Errorf(field.NewPath("metadata", "name"), "metadata.name: %s", strings.Join(errs, "; "))
	}
}

// policyAnnotations keeps the source policy's vapgen.io/ annotations, such as
// the Pod Security Standards version and the PSA checks a policy implements.
func policyAnnotations(in map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if strings.HasPrefix(k, model.OurAnnotationRoot) && k != model.ProfileAnnotation {
			out[k] = v
		}
	}
	return out
}
