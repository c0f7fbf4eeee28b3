// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package suites

import (
	"context"
	"path/filepath"
	"slices"
	"sort"

	"go.yaml.in/yaml/v3"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/diag"
)

func (b *builder) pos(dir string, f *fixture) diag.Position {
	return diag.Position{File: filepath.Join(dir, filepath.FromSlash(f.rel))}
}

// fakeNamespace names the namespace requests are evaluated in.
const fakeNamespace = "vapgen-suite"

// namespaceLabels are the labels of a namespace of the unit's profile that
// opts out of the given rules.
func (b *builder) namespaceLabels(u *generator.Unit, optOut []string) map[string]string {
	labels := map[string]string{generator.Modes[0].LabelKey(b.prefix): string(u.Profile)}
	for _, name := range optOut {
		labels[generator.OptOutLabelKey(b.prefix, name)] = generator.ExcludeValue
	}
	return labels
}

func (b *builder) profileLabel(u *generator.Unit) string {
	return generator.Modes[0].LabelKey(b.prefix) + "=" + string(u.Profile)
}

// decide evaluates the creation of obj in a namespace of the unit's profile
// that opts out of the given rules. Problems are reported; ok is false then.
func (b *builder) decide(u *generator.Unit, f *fixture, n *yaml.Node, optOut []string) (evaluator.Decision, bool) {
	obj, err := toObject(n)
	if err == nil {
		obj.SetNamespace(fakeNamespace)
		labels := b.namespaceLabels(u, optOut)
		labels["kubernetes.io/metadata.name"] = fakeNamespace
		ns := &corev1.Namespace{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
			ObjectMeta: metav1.ObjectMeta{Name: fakeNamespace, Labels: labels},
		}
		var d evaluator.Decision
		if d, err = b.ev.Evaluate(context.Background(), evaluator.Request{Object: obj, Namespace: ns}); err == nil {
			return d, true
		}
	}
	b.diags.Errorf(b.pos(filepath.Dir(u.Origin.Doc.File.Path), f), u.Origin.Subject(), "evaluating %s: %v", f.name, err)
	return evaluator.Decision{}, false
}

// deniers lists, sorted, the units whose policies deny in a decision.
func (b *builder) deniers(d evaluator.Decision) []string {
	var out []string
	for _, r := range d.Results {
		if (r.Outcome == evaluator.OutcomeFail || r.Outcome == evaluator.OutcomeError) && slices.Contains(r.Actions, admissionregistrationv1.Deny) {
			if name, ok := b.unitOf[r.Policy]; ok && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	sort.Strings(out)
	return out
}

// denialOf is how the API server's error names a denying policy.
func denialOf(policy string) string { return "ValidatingAdmissionPolicy '" + policy + "'" }

// tagOf is how a message of the per-profile layout names the rule's policy.
func tagOf(policy string) string { return "[" + policy + "] " }

func orAllowed(d evaluator.Decision) string {
	if d.Allowed {
		return "allowed"
	}
	return d.Message
}

// denies reports whether the enforce binding of a policy (named like it)
// denies.
func denies(bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding, policy string) bool {
	for _, b := range bindings {
		if b.Name == policy && b.Spec.PolicyName == policy {
			return slices.Contains(b.Spec.ValidationActions, admissionregistrationv1.Deny)
		}
	}
	return false
}

// matchesPods reports whether a policy judges the creation of core v1 Pods.
func matchesPods(p *admissionregistrationv1.ValidatingAdmissionPolicy) bool {
	return matchesResource(p, "", "pods", admissionregistrationv1.Create)
}

// workloadsPolicy names the unit's policy that judges Deployments, if any.
func workloadsPolicy(u *generator.Unit) string {
	for _, p := range u.Policies[1:] {
		if matchesResource(p, "apps", "deployments", admissionregistrationv1.Create) {
			return p.Name
		}
	}
	return ""
}

func matchesResource(p *admissionregistrationv1.ValidatingAdmissionPolicy, group, resource string, op admissionregistrationv1.OperationType) bool {
	mc := p.Spec.MatchConstraints
	if mc == nil {
		return false
	}
	for _, r := range mc.ResourceRules {
		if (slices.Contains(r.APIGroups, group) || slices.Contains(r.APIGroups, "*")) &&
			(slices.Contains(r.Resources, resource) || slices.Contains(r.Resources, "*")) &&
			(slices.Contains(r.Operations, op) || slices.Contains(r.Operations, admissionregistrationv1.OperationAll)) {
			return true
		}
	}
	return false
}
