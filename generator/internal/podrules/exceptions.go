// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podrules

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/generator/internal/model"
)

// applyExceptions adds the exclusions of the PolicyExceptions that cover
// one of a rule's policies (template: "" for its own) to its spec, after
// the pod template rewrite: an exception judges the request as it is, a
// workload by its own name and labels.
func applyExceptions(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec, r *model.Rule, template string) {
	for _, e := range r.Exceptions {
		if !e.AppliesTo(template) {
			continue
		}
		if e.Condition != nil {
			spec.MatchConditions = append(spec.MatchConditions, *e.Condition)
		}
		if e.Namespaces != nil {
			mc := spec.MatchConstraints
			if mc.NamespaceSelector == nil {
				mc.NamespaceSelector = &metav1.LabelSelector{}
			}
			mc.NamespaceSelector.MatchExpressions = append(mc.NamespaceSelector.MatchExpressions, *e.Namespaces)
		}
	}
}
