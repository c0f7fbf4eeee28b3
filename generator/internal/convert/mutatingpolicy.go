// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// mutatingPolicy turns a policies.kyverno.io MutatingPolicy into one
// MutatingAdmissionPolicy, unbound; a NamespacedMutatingPolicy matches its
// own namespace only. What Kyverno does beyond admission (mutating
// existing resources, JSON mode) has no MutatingAdmissionPolicy
// equivalent and is unsupported.
func (c *converter) mutatingPolicy(doc *yamldoc.Document) {
	var mp kyverno.MutatingPolicy
	if !c.decode(doc, &mp) {
		return
	}
	p := report.NewMutating(doc, fmt.Sprintf("policy %q", mp.Name))
	namespaced := doc.Kind == "NamespacedMutatingPolicy"
	profile := c.checkCELPolicy(doc, mp.ObjectMeta, namespaced, mp.Spec.MatchConstraints, p)
	specPath := field.NewPath("spec")
	spec := mp.Spec
	checkMutatingEvaluation(spec, specPath, p)
	if a := spec.Autogen; a != nil && a.PodControllers != nil && len(a.PodControllers.Controllers) > 0 {
		p.Warnf(specPath.Child("autogen", "podControllers"), "Kyverno would also mutate the pod templates of %s; the MutatingAdmissionPolicy mutates the pods they create instead, so workloads are stored as written (no GitOps drift) and their pods get the same mutations",
			strings.Join(a.PodControllers.Controllers, ", "))
	}
	if len(spec.Mutations) == 0 {
		p.Errorf(specPath, "mutations are required")
	}
	checkMutations(spec.Mutations, specPath.Child("mutations"), p)
	fp, err := failurePolicy(spec.FailurePolicy)
	if err != nil {
		p.Add(specPath.Child("failurePolicy"), err)
	}
	reinvocation, err := reinvocationPolicy(spec.ReinvocationPolicy)
	if err != nil {
		p.Add(specPath.Child("reinvocationPolicy"), err)
	}
	p.Report(c.diags, c.opts.SkipUnsupported)
	if !p.OK() {
		return
	}
	match := spec.MatchConstraints.DeepCopy()
	if namespaced {
		match.NamespaceSelector = andSelector(match.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: []string{mp.Namespace}})
	}
	origin := model.Origin{Doc: doc, PolicyKind: doc.Kind, Policy: mp.Name, Namespace: mp.Namespace, Path: specPath}
	name := naming.Shorten(naming.DNS1123(mp.Name), naming.MaxLength)
	m := &model.Mutation{
		Name:    name,
		Profile: profile,
		Origin:  origin,
		MAP: &admissionregistrationv1.MutatingAdmissionPolicy{
			TypeMeta:   metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "MutatingAdmissionPolicy"},
			ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: sourceAnnotations(origin, profile, policyAnnotations(mp.Annotations))},
			Spec: admissionregistrationv1.MutatingAdmissionPolicySpec{
				MatchConstraints:   match,
				Variables:          spec.Variables,
				Mutations:          spec.Mutations,
				FailurePolicy:      fp,
				MatchConditions:    spec.MatchConditions,
				ReinvocationPolicy: reinvocation,
			},
		},
		Sources: mutatingSources(&spec, specPath),
	}
	c.mutations = append(c.mutations, m)
}

func checkMutatingEvaluation(spec kyverno.MutatingPolicySpec, path *field.Path, p *report.Problems) {
	if len(spec.TargetMatchConstraints) > 0 {
		p.Unsupportedf(path.Child("targetMatchConstraints"), "targetMatchConstraints (Kyverno mutates existing resources in the background; the API server only mutates what is being admitted)")
	}
	ev := spec.Evaluation
	if ev == nil {
		return
	}
	path = path.Child("evaluation")
	if ev.Mode != "" && ev.Mode != "Kubernetes" {
		p.Unsupportedf(path.Child("mode"), "evaluation mode %q (only Kubernetes resources are admitted by the API server)", ev.Mode)
	}
	if ev.Admission != nil && ev.Admission.Enabled != nil && !*ev.Admission.Enabled {
		p.Unsupportedf(path.Child("admission", "enabled"), "a policy with admission disabled (it only mutates existing resources)")
	}
	if ev.MutateExisting != nil && ev.MutateExisting.Enabled != nil && *ev.MutateExisting.Enabled {
		p.Unsupportedf(path.Child("mutateExisting", "enabled"), "mutateExisting (Kyverno mutates existing resources in the background; the API server only mutates what is being admitted)")
	}
}

// checkMutations makes sure each mutation has exactly the patch its
// patchType names.
func checkMutations(ms []admissionregistrationv1.Mutation, path *field.Path, p *report.Problems) {
	for i, m := range ms {
		at := path.Index(i)
		switch m.PatchType {
		case admissionregistrationv1.PatchTypeApplyConfiguration:
			if m.ApplyConfiguration == nil || m.JSONPatch != nil {
				p.Errorf(at, "patchType ApplyConfiguration needs applyConfiguration (and no jsonPatch)")
			}
		case admissionregistrationv1.PatchTypeJSONPatch:
			if m.JSONPatch == nil || m.ApplyConfiguration != nil {
				p.Errorf(at, "patchType JSONPatch needs jsonPatch (and no applyConfiguration)")
			}
		default:
			p.Errorf(at.Child("patchType"), "unknown patchType %q (want ApplyConfiguration or JSONPatch)", m.PatchType)
		}
	}
}

// reinvocationPolicy is the policy's reinvocation policy; Never unless it
// says IfNeeded.
func reinvocationPolicy(r admissionregistrationv1.ReinvocationPolicyType) (admissionregistrationv1.ReinvocationPolicyType, error) {
	switch r {
	case "", admissionregistrationv1.NeverReinvocationPolicy:
		return admissionregistrationv1.NeverReinvocationPolicy, nil
	case admissionregistrationv1.IfNeededReinvocationPolicy:
		return r, nil
	}
	return "", fmt.Errorf("unknown reinvocationPolicy %q (want Never or IfNeeded)", r)
}

// mutatingSources maps the CEL fields of the generated policy to the
// MutatingPolicy's, which have the same shape.
func mutatingSources(spec *kyverno.MutatingPolicySpec, at *field.Path) map[string]*field.Path {
	out := map[string]*field.Path{}
	gen := field.NewPath("spec")
	for i := range spec.Variables {
		out[gen.Child("variables").Index(i).Child("expression").String()] = at.Child("variables").Index(i).Child("expression")
	}
	for i := range spec.MatchConditions {
		out[gen.Child("matchConditions").Index(i).Child("expression").String()] = at.Child("matchConditions").Index(i).Child("expression")
	}
	for i, m := range spec.Mutations {
		patch := "applyConfiguration"
		if m.JSONPatch != nil {
			patch = "jsonPatch"
		}
		out[gen.Child("mutations").Index(i).Child(patch, "expression").String()] = at.Child("mutations").Index(i).Child(patch, "expression")
	}
	return out
}
