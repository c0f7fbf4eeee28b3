package generator

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/document"
	"github.com/vapgen/vapgen/generator/kyverno"
)

// convertValidatingPolicy turns a policies.kyverno.io ValidatingPolicy, which
// already has the shape of a ValidatingAdmissionPolicy, into one unit.
func (g *generation) convertValidatingPolicy(doc *document.Document) {
	var vp kyverno.ValidatingPolicy
	if !g.decode(doc, &vp) {
		return
	}
	p := &problems{doc: doc, subject: fmt.Sprintf("policy %q", vp.Name)}
	checkPolicyName(vp.Name, p)
	profile, err := profileOf(doc, vp.Annotations, g.opts.DefaultPolicyProfile)
	if err != nil {
		p.errorf("metadata", "%v", err)
	}
	spec := vp.Spec
	if ev := spec.Evaluation; ev != nil {
		if ev.Mode != "" && ev.Mode != "Kubernetes" {
			p.unsupportedf("spec.evaluation.mode", "evaluation mode %q (only Kubernetes resources are admitted by the API server)", ev.Mode)
		}
		if ev.Admission != nil && ev.Admission.Enabled != nil && !*ev.Admission.Enabled {
			p.unsupportedf("spec.evaluation.admission.enabled", "a policy with admission disabled (it only runs in background scans)")
		}
	}
	if spec.MatchConstraints == nil || len(spec.MatchConstraints.ResourceRules) == 0 {
		p.errorf("spec", "matchConstraints.resourceRules is required")
	} else {
		checkResourceRules(spec.MatchConstraints, p)
	}
	if len(spec.Validations) == 0 && len(spec.AuditAnnotations) == 0 {
		p.errorf("spec", "validations or auditAnnotations are required")
	}
	fp, err := failurePolicy(spec.FailurePolicy)
	if err != nil {
		p.add("spec.failurePolicy", err)
	}
	actions := spec.ValidationActions
	if len(actions) == 0 {
		actions = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
	}
	if !p.ok() {
		p.report(&g.diags, g.opts.SkipUnsupported)
		return
	}
	vapSpec := admissionregistrationv1.ValidatingAdmissionPolicySpec{
		MatchConstraints: spec.MatchConstraints,
		Validations:      spec.Validations,
		FailurePolicy:    fp,
		AuditAnnotations: spec.AuditAnnotations,
		MatchConditions:  spec.MatchConditions,
		Variables:        spec.Variables,
	}
	unit := &Unit{
		Profile:       profile,
		Origin:        Origin{Doc: doc, PolicyKind: doc.Kind, Policy: vp.Name, Path: "spec"},
		Policy:        &admissionregistrationv1.ValidatingAdmissionPolicy{Spec: vapSpec},
		policyActions: actions,
		sources:       identitySources(vapSpec),
	}
	unit.Policy.Annotations = policyAnnotations(vp.Annotations)
	g.units = append(g.units, unit)
}

// checkResourceRules makes sure every resource a ValidatingPolicy names is one
// vapgen can type-check against.
func checkResourceRules(mr *admissionregistrationv1.MatchResources, p *problems) {
	for i, r := range mr.ResourceRules {
		for _, group := range r.APIGroups {
			for _, version := range r.APIVersions {
				for _, res := range r.Resources {
					base, _, _ := cutSubresource(res)
					if group == "*" || version == "*" || base == "*" {
						p.unsupportedf(fmt.Sprintf("spec.matchConstraints.resourceRules[%d]", i), "wildcard resource rules (vapgen type-checks every matched kind)")
						return
					}
					if _, ok := kindOf(group, version, base); !ok {
						p.errorf(fmt.Sprintf("spec.matchConstraints.resourceRules[%d]", i), "unknown resource %s/%s %s", group, version, base)
					}
				}
			}
		}
	}
}

// identitySources maps every CEL field to the same field of the source.
func identitySources(spec admissionregistrationv1.ValidatingAdmissionPolicySpec) map[string]string {
	s := ruleSources(spec, "")
	for k := range s {
		s[k] = k
	}
	return s
}
