// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// Output is one policy of the generated set and what the bind stage needs
// to bind it once per mode.
type Output struct {
	VAP     *admissionregistrationv1.ValidatingAdmissionPolicy
	Profile Profile
	// ProfileValues are the values of a mode label that bring the policy in.
	ProfileValues []string
	// OptOut is the rule whose opt-out label its bindings leave out; empty
	// when the policy reads the opt-out labels itself.
	OptOut string
	// Only and Skip are the namespaces the bindings are limited to, or
	// leave out (besides the exempt ones).
	Only, Skip []string
	// Enforce are the actions of the enforce bindings.
	Enforce  []admissionregistrationv1.ValidationAction
	ParamRef *admissionregistrationv1.ParamRef
	// Default binds the policy also in namespaces without a profile label
	// (Options.DefaultProfile).
	Default bool
	// Mode, when set, binds the policy for this mode only (it reads the
	// mode's version label); else it is bound for every mode.
	Mode *Mode
}

// Group is what the output writes as one file: a rule's policies, or a
// merged policy of the per-profile layout, or the label guard.
type Group struct {
	Name    string
	Profile Profile
	Overlay string
	// Dir is the folder of the output tree: the profile, overlays/<overlay>
	// or guard.
	Dir     string
	Origin  Origin
	Outputs []*Output
	// Bindings are set by the bind stage, in the order of Outputs.
	Bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
}
