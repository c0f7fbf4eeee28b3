// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// MutateLabel is the namespace label (after the prefix) that brings in the
// mutations of a profile and those below it: <prefix>/mutate: restricted.
const MutateLabel = "mutate"

// MutateLabelKey is the namespace label that switches mutations on.
func MutateLabelKey(prefix string) string { return prefix + "/" + MutateLabel }

// MutateDir is the folder of the output tree that holds the
// MutatingAdmissionPolicies.
const MutateDir = "mutate"

// Mutation is what the convert stage makes of one Kyverno MutatingPolicy:
// one MutatingAdmissionPolicy, whose mutations apply together, and its
// binding.
type Mutation struct {
	// Name is the generated name of the policy, its binding and its opt-out
	// label.
	Name    string
	Profile Profile
	Origin  Origin
	MAP     *admissionregistrationv1.MutatingAdmissionPolicy
	Binding *admissionregistrationv1.MutatingAdmissionPolicyBinding
	// Sources maps the policy's fields (spec.mutations[0]...) to those of
	// the source document.
	Sources map[string]*field.Path
	// Exceptions are the CEL PolicyExceptions whose matchConditions the
	// policy holds.
	Exceptions []Exception
}

// ReservedLabels are the labels after the prefix that are not opt-out
// labels: the mode labels, their version labels and the mutate label.
func ReservedLabels() []string {
	out := []string{MutateLabel}
	for _, m := range Modes {
		out = append(out, m.Label, m.Label+"-version")
	}
	return out
}
