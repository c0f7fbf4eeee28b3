package generator

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/vapgen/vapgen/generator/document"
	"github.com/vapgen/vapgen/generator/kyverno"
)

// convertClusterPolicy turns every rule of a kyverno.io ClusterPolicy or
// Policy into a unit.
func (g *generation) convertClusterPolicy(doc *document.Document) {
	var cp kyverno.ClusterPolicy
	if !g.decode(doc, &cp) {
		return
	}
	top := &problems{doc: doc, subject: fmt.Sprintf("policy %q", cp.Name)}
	checkPolicyName(cp.Name, top)
	if doc.Kind == "Policy" && cp.Namespace == "" {
		top.errorf("metadata", "a namespaced Policy needs metadata.namespace: it governs only that namespace")
	}
	profile, err := profileOf(doc, cp.Annotations, g.opts.DefaultPolicyProfile)
	if err != nil {
		top.errorf("metadata", "%v", err)
	}
	if len(cp.Spec.ValidationFailureActionOverrides) > 0 && g.opts.Actions == ActionsFromPolicy {
		top.unsupportedf("spec.validationFailureActionOverrides", "per-namespace validation failure actions")
	}
	if len(cp.Spec.Rules) == 0 {
		top.errorf("spec", "the policy has no rules")
	}
	if !top.ok() {
		top.report(&g.diags, g.opts.SkipUnsupported)
		return
	}
	for i := range cp.Spec.Rules {
		rulePath := fmt.Sprintf("spec.rules[%d]", i)
		rule := &cp.Spec.Rules[i]
		p := &problems{doc: doc, subject: fmt.Sprintf("policy %q rule %q", cp.Name, rule.Name)}
		unit := convertRule(&cp, rule, rulePath, p)
		if !p.ok() {
			p.report(&g.diags, g.opts.SkipUnsupported)
			continue
		}
		unit.Profile = profile
		unit.Origin = Origin{Doc: doc, PolicyKind: doc.Kind, Policy: cp.Name, Namespace: cp.Namespace, Rule: rule.Name, Path: rulePath}
		unit.Policy.Annotations = policyAnnotations(cp.Annotations)
		g.units = append(g.units, unit)
	}
}

func convertRule(cp *kyverno.ClusterPolicy, rule *kyverno.Rule, path string, p *problems) *Unit {
	switch {
	case rule.Name == "":
		p.errorf(path, "rule name is required")
	case len(rule.Name) > maxRuleNameLength:
		p.errorf(path+".name", "rule name is %d characters long; Kyverno allows at most %d", len(rule.Name), maxRuleNameLength)
	}
	for field, set := range map[string]bool{
		"context": len(rule.Context) > 0, "preconditions": len(rule.Preconditions) > 0,
		"mutate": len(rule.Mutate) > 0, "generate": len(rule.Generate) > 0,
		"verifyImages": len(rule.VerifyImages) > 0, "imageExtractors": len(rule.ImageExtractors) > 0,
	} {
		if set {
			p.unsupportedf(path+"."+field, "%s (JMESPath and Kyverno-only rule features)", field)
		}
	}
	v := rule.Validate
	if v == nil {
		if p.ok() {
			p.errorf(path, "the rule has no validate block")
		}
		return nil
	}
	vpath := path + ".validate"
	for field, set := range map[string]bool{
		"pattern": len(v.Pattern) > 0, "anyPattern": len(v.AnyPattern) > 0, "deny": len(v.Deny) > 0,
		"podSecurity": len(v.PodSecurity) > 0, "foreach": len(v.ForEach) > 0,
		"manifests": len(v.Manifests) > 0, "assert": len(v.Assert) > 0,
		"failureActionOverrides": len(v.FailureActionOverrides) > 0,
	} {
		if set {
			p.unsupportedf(vpath+"."+field, "validate.%s (only validate.cel rules become ValidatingAdmissionPolicies)", field)
		}
	}
	if v.CEL == nil {
		if p.ok() {
			p.unsupportedf(vpath, "a validate rule without cel")
		}
		return nil
	}
	cel := v.CEL
	cpath := vpath + ".cel"
	if len(cel.Expressions) == 0 && len(cel.AuditAnnotations) == 0 {
		p.errorf(cpath, "cel needs expressions or auditAnnotations")
	}
	match := convertMatch(rule.Match, path+".match", p)
	applyExclude(match, rule.Exclude, path+".exclude", p)
	if cp.Kind == "Policy" && match != nil {
		match.NamespaceSelector = andSelector(match.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: namespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: []string{cp.Namespace}})
	}
	actions, err := clusterPolicyActions(cp.Spec.ValidationFailureAction, v.FailureAction)
	if err != nil {
		p.add(vpath+".failureAction", err)
	}
	fp, err := failurePolicy(cp.Spec.FailurePolicy)
	if err != nil {
		p.add("spec.failurePolicy", err)
	}
	if !p.ok() {
		return nil
	}

	validations := make([]admissionregistrationv1.Validation, len(cel.Expressions))
	for i, e := range cel.Expressions {
		if e.Message == "" && e.MessageExpression == "" {
			e.Message = v.Message
		}
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
	return &Unit{
		Policy:        &admissionregistrationv1.ValidatingAdmissionPolicy{Spec: spec},
		policyActions: actions,
		paramRef:      cel.ParamRef,
		sources:       ruleSources(spec, path),
	}
}

// ruleSources maps the CEL fields of a rule's policy to the rule's fields.
func ruleSources(spec admissionregistrationv1.ValidatingAdmissionPolicySpec, rule string) map[string]string {
	s := map[string]string{}
	for i := range spec.Validations {
		s[fmt.Sprintf("spec.validations[%d].expression", i)] = fmt.Sprintf("%s.validate.cel.expressions[%d].expression", rule, i)
		s[fmt.Sprintf("spec.validations[%d].messageExpression", i)] = fmt.Sprintf("%s.validate.cel.expressions[%d].messageExpression", rule, i)
	}
	for i := range spec.Variables {
		s[fmt.Sprintf("spec.variables[%d].expression", i)] = fmt.Sprintf("%s.validate.cel.variables[%d].expression", rule, i)
	}
	for i := range spec.AuditAnnotations {
		s[fmt.Sprintf("spec.auditAnnotations[%d].valueExpression", i)] = fmt.Sprintf("%s.validate.cel.auditAnnotations[%d].valueExpression", rule, i)
	}
	for i := range spec.MatchConditions {
		s[fmt.Sprintf("spec.matchConditions[%d].expression", i)] = fmt.Sprintf("%s.celPreconditions[%d].expression", rule, i)
	}
	return s
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

func checkPolicyName(name string, p *problems) {
	if name == "" {
		p.errorf("metadata", "metadata.name is required")
		return
	}
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		p.errorf("metadata.name", "metadata.name: %s", strings.Join(errs, "; "))
	}
}
