// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podrules

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/podtemplate"
	"github.com/vapgen/vapgen/internal/diag"
)

// Policy builds a rule's own policy: its spec after the exemption
// matchConditions and, for a pod rule, extended to ephemeral containers and
// skipping the updates PSA does not judge again.
func Policy(r *model.Rule, opts *model.Options) *model.Policy {
	spec, rewritten := baseSpec(r, opts)
	if IsPodRule(&r.Spec) {
		coverEphemeralContainers(&spec)
		spec.MatchConditions = append([]admissionregistrationv1.MatchCondition{significantPodUpdate}, spec.MatchConditions...)
	}
	applyExceptions(&spec, r, "")
	return &model.Policy{Rule: r, VAP: newVAP(r, r.Name, spec), Exact: !rewritten}
}

// Templates builds, for a pod rule whose controllers are not off, one
// policy per Target that judges the pod templates of its kinds (as the
// defaults will leave its pods, where they apply: defaulted.go). It should be
// called for rules whose own policy is sound, so that each problem is
// reported once; problems (CEL that has no meaning for a template) go to
// diags, and ok is false when there was one.
func Templates(r *model.Rule, opts *model.Options, defaults Defaults, diags *diag.List) (out []*model.Policy, ok bool) {
	if !IsPodRule(&r.Spec) || opts.ControllersFor(r.Name) == model.ControllersOff {
		return nil, true
	}
	base, _ := baseSpec(r, opts)
	ok = true
	for _, t := range Targets {
		p := report.New(r.Origin.Doc, r.Origin.Subject())
		spec, err := templateSpec(base, t)
		if err != nil {
			p.Add(sourceOf(r, err.expr), fmt.Errorf("cannot judge the pod templates of %s (%s): %v; set controllers: off for this rule", strings.Join(t.Kinds, ", "), t.Field, err.err))
			p.Report(diags, false)
			ok = false
			continue
		}
		defaulted(&spec, r, defaults, opts.LabelPrefix, p)
		applyExceptions(&spec, r, t.Suffix)
		if !p.OK() {
			p.Report(diags, false)
			return nil, false
		}
		vap := newVAP(r, r.Name+"-"+t.Suffix, spec)
		vap.Annotations[model.PodTemplateAnnotation] = t.Field
		out = append(out, &model.Policy{Rule: r, Template: t.Suffix, VAP: vap})
	}
	return out, ok
}

// baseSpec is the rule's spec with the exemption conditions in front and
// vapgen's label keys under the configured prefix; rewritten says whether
// the rule's own expressions changed.
func baseSpec(r *model.Rule, opts *model.Options) (spec admissionregistrationv1.ValidatingAdmissionPolicySpec, rewritten bool) {
	spec = *r.Spec.DeepCopy()
	rewritten = relabel(&spec, opts.LabelPrefix)
	if conds := ExemptionConditions(opts.Exemptions, IsPodRule(&r.Spec)); len(conds) > 0 {
		spec.MatchConditions = append(conds, spec.MatchConditions...)
	}
	return spec, rewritten
}

// newVAP is a rule's policy with the defaults the API server would add.
func newVAP(r *model.Rule, name string, spec admissionregistrationv1.ValidatingAdmissionPolicySpec) *admissionregistrationv1.ValidatingAdmissionPolicy {
	vap := &admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      map[string]string{model.ManagedByLabel: model.ManagedByValue, model.ProfileLabel: string(r.Profile)},
			Annotations: maps.Clone(r.Annotations),
		},
		Spec: spec,
	}
	if vap.Annotations == nil {
		vap.Annotations = map[string]string{}
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicy(vap)
	return vap
}

// sourceOf is the source field of a rule's expression, or the rule itself.
func sourceOf(r *model.Rule, ref model.ExprRef) *field.Path {
	if src, ok := r.Sources[ref]; ok {
		return src
	}
	return r.Origin.Path
}

type rewriteError struct {
	expr model.ExprRef
	err  error
}

// templateSpec derives the spec of the policy that judges the pod templates
// of a Target's kinds from a pod rule's spec, with the template-change
// matchCondition in front of the others.
func templateSpec(base admissionregistrationv1.ValidatingAdmissionPolicySpec, t Target) (admissionregistrationv1.ValidatingAdmissionPolicySpec, *rewriteError) {
	spec := *base.DeepCopy()
	mc := spec.MatchConstraints
	ops := podOperations(mc)
	mc.ResourceRules = nil
	for _, kind := range t.Kinds {
		k, err := kinds.Resolve(kind)
		if err != nil {
			panic(err) // Targets name built-in kinds only
		}
		mc.ResourceRules = append(mc.ResourceRules, convert.RuleFor(k, ops, nil))
	}
	mc.ExcludeResourceRules = nil
	rw := func(ref model.ExprRef, expr *string) *rewriteError {
		out, err := podtemplate.Rewrite(*expr, t.Template)
		if err != nil {
			return &rewriteError{expr: ref, err: err}
		}
		*expr = out
		return nil
	}
	var err *rewriteError
	for i := range spec.Variables {
		err = first(err, rw(model.ExprRef{Kind: model.Variable, Name: spec.Variables[i].Name}, &spec.Variables[i].Expression))
	}
	for i := range spec.MatchConditions {
		err = first(err, rw(model.ExprRef{Kind: model.MatchCondition, Name: spec.MatchConditions[i].Name}, &spec.MatchConditions[i].Expression))
	}
	prefix := "pod template (" + t.Field + "): "
	for i := range spec.Validations {
		val := &spec.Validations[i]
		err = first(err, rw(model.ExprRef{Kind: model.Validation, Index: i}, &val.Expression))
		if val.Message != "" {
			val.Message = prefix + val.Message
		}
		if val.MessageExpression != "" {
			err = first(err, rw(model.ExprRef{Kind: model.MessageExpression, Index: i}, &val.MessageExpression))
			val.MessageExpression = strconv.Quote(prefix) + " + (" + val.MessageExpression + ")"
		}
	}
	for i := range spec.AuditAnnotations {
		err = first(err, rw(model.ExprRef{Kind: model.AuditAnnotation, Name: spec.AuditAnnotations[i].Key}, &spec.AuditAnnotations[i].ValueExpression))
	}
	if err != nil {
		return spec, err
	}
	spec.MatchConditions = append([]admissionregistrationv1.MatchCondition{changedTemplate(t)}, spec.MatchConditions...)
	return spec, nil
}

func first(err, next *rewriteError) *rewriteError {
	if err != nil {
		return err
	}
	return next
}

// podOperations are the operations a pod policy judges pods for.
func podOperations(mc *admissionregistrationv1.MatchResources) []admissionregistrationv1.OperationType {
	var ops []admissionregistrationv1.OperationType
	for _, r := range mc.ResourceRules {
		if len(r.Resources) == 1 && r.Resources[0] == "pods" {
			for _, op := range r.Operations {
				if op == admissionregistrationv1.Create || op == admissionregistrationv1.Update {
					ops = append(ops, op)
				}
			}
		}
	}
	if len(ops) == 0 {
		return convert.DefaultOperations
	}
	return sortedOps(ops)
}

func sortedOps(ops []admissionregistrationv1.OperationType) []admissionregistrationv1.OperationType {
	var out []admissionregistrationv1.OperationType
	for _, want := range []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update} {
		if slices.Contains(ops, want) {
			out = append(out, want)
		}
	}
	return out
}
