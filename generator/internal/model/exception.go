// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	"slices"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Exception is what a Kyverno PolicyException makes of the policies of one
// rule: either a matchCondition that is false for the requests it lets
// through, or a namespace requirement that leaves out the namespaces it
// lets through.
type Exception struct {
	// Name is the exception's `namespace/name`, or name.
	Name       string
	Condition  *admissionregistrationv1.MatchCondition
	Namespaces *metav1.LabelSelectorRequirement
	// Policies are the rule's policies it applies to: "" for the rule's own,
	// else a pod template family (podrules.Targets).
	Policies []string
	// Doc and Path are where the exception is written, for messages.
	Doc  *yamldoc.Document
	Path *field.Path
}

// AppliesTo reports whether the exception covers a rule's policy.
func (e Exception) AppliesTo(template string) bool { return slices.Contains(e.Policies, template) }
