// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// validatingPolicy turns a policies.kyverno.io ValidatingPolicy, which
// already has the shape of a ValidatingAdmissionPolicy, into one rule; a
// NamespacedValidatingPolicy matches its own namespace only.
func (c *converter) validatingPolicy(doc *yamldoc.Document) {
	var vp kyverno.ValidatingPolicy
	if !c.decode(doc, &vp) {
		return
	}
	p := report.New(doc, fmt.Sprintf("policy %q", vp.Name))
	namespaced := doc.Kind == "NamespacedValidatingPolicy"
	profile := c.checkCELPolicy(doc, vp.ObjectMeta, namespaced, vp.Spec.MatchConstraints, p)
	specPath := field.NewPath("spec")
	spec := vp.Spec
	checkEvaluation(spec.Evaluation, specPath.Child("evaluation"), p)
	if len(spec.Validations) == 0 && len(spec.AuditAnnotations) == 0 {
		p.Errorf(specPath, "validations or auditAnnotations are required")
	}
	fp, err := failurePolicy(spec.FailurePolicy)
	if err != nil {
		p.Add(specPath.Child("failurePolicy"), err)
	}
	actions := spec.ValidationActions
	if len(actions) == 0 {
		actions = []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
	}
	validations := make([]admissionregistrationv1.Validation, len(spec.Validations))
	for i, v := range spec.Validations {
		v.Message = oneLine(v.Message, specPath.Child("validations").Index(i).Child("message"), p)
		validations[i] = v
	}
	p.Report(c.diags, c.opts.SkipUnsupported)
	if !p.OK() {
		return
	}
	match := spec.MatchConstraints.DeepCopy()
	if namespaced {
		match.NamespaceSelector = andSelector(match.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: []string{vp.Namespace}})
	}
	vapSpec := admissionregistrationv1.ValidatingAdmissionPolicySpec{
		MatchConstraints: match,
		Validations:      validations,
		FailurePolicy:    fp,
		AuditAnnotations: spec.AuditAnnotations,
		MatchConditions:  spec.MatchConditions,
		Variables:        spec.Variables,
	}
	c.rules = append(c.rules, &model.Rule{
		Profile:     profile,
		Origin:      model.Origin{Doc: doc, PolicyKind: doc.Kind, Policy: vp.Name, Namespace: vp.Namespace, Path: specPath},
		Spec:        vapSpec,
		Annotations: policyAnnotations(vp.Annotations),
		Actions:     actions,
		Sources:     model.SpecSources(&vapSpec, specPath),
	})
}

// checkCELPolicy checks what policies.kyverno.io policies share: the name,
// the namespace of the namespaced kind, the profile and the resources
// matched; it returns the profile.
func (c *converter) checkCELPolicy(doc *yamldoc.Document, meta metav1.ObjectMeta, namespaced bool, match *admissionregistrationv1.MatchResources, p *report.Problems) model.Profile {
	checkPolicyName(meta.Name, p)
	if namespaced && meta.Namespace == "" {
		p.Errorf(field.NewPath("metadata"), "a %s needs metadata.namespace: it applies only in that namespace", doc.Kind)
	}
	profile, err := profileOf(doc, meta.Annotations, c.opts.DefaultPolicyProfile)
	if err != nil {
		p.Errorf(field.NewPath("metadata"), "%v", err)
	}
	specPath := field.NewPath("spec")
	if match == nil || len(match.ResourceRules) == 0 {
		p.Errorf(specPath, "matchConstraints.resourceRules is required")
	} else {
		checkResourceRules(match, specPath.Child("matchConstraints", "resourceRules"), c.known, p)
	}
	return profile
}

func checkEvaluation(ev *kyverno.Evaluation, path *field.Path, p *report.Problems) {
	if ev == nil {
		return
	}
	if ev.Mode != "" && ev.Mode != "Kubernetes" {
		p.Unsupportedf(path.Child("mode"), "evaluation mode %q (only Kubernetes resources are admitted by the API server)", ev.Mode)
	}
	if ev.Admission != nil && ev.Admission.Enabled != nil && !*ev.Admission.Enabled {
		p.Unsupportedf(path.Child("admission", "enabled"), "a policy with admission disabled (it only runs in background scans)")
	}
}

// checkResourceRules makes sure every resource a ValidatingPolicy names is
// one the API server serves; wildcards are kept as they are, and what they
// match is not type-checked. A version no longer served of a served
// resource (batch/v1beta1 jobs) is kept with a warning: the API server
// takes the rule, which matches nothing at that version.
func checkResourceRules(mr *admissionregistrationv1.MatchResources, path *field.Path, known *kinds.Table, p *report.Problems) {
	for i, r := range mr.ResourceRules {
		for _, group := range r.APIGroups {
			for _, version := range r.APIVersions {
				for _, res := range r.Resources {
					base, _, _ := kinds.CutSubresource(res)
					if group == "*" || version == "*" || base == "*" {
						continue
					}
					if _, ok := known.Of(group, version, base); ok {
						continue
					}
					gv := schema.GroupVersion{Group: group, Version: version}
					if served := known.ServedVersions(group, base); len(served) > 0 {
						p.Warnf(path.Index(i), "resource %s %s matches nothing: the kube-apiserver serves %s only at %s (the rule is kept as written)", gv, base, base, strings.Join(served, ", "))
					} else {
						p.Unsupportedf(path.Index(i), "unknown resource %s %s: the kube-apiserver does not serve it and no CustomResourceDefinition given with --crds defines it", gv, base)
					}
				}
			}
		}
	}
}
