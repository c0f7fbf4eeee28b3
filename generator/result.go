// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator

import (
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/guard"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/internal/diag"
)

// GuardName names the label guard's policy and binding; GuardAdminGroup may
// always change the guarded labels.
const (
	GuardName       = guard.Name
	GuardAdminGroup = guard.AdminGroup
)

// Origin says which document, policy and rule a unit came from.
type Origin = model.Origin

// Result is what a generation produced, sorted by folder and name.
type Result struct {
	Units []*Unit
	// Mutations are the MutatingAdmissionPolicies, by name.
	Mutations []*MutationUnit
	// MutationsListed is set when every target API server serves
	// MutatingAdmissionPolicy v1: the tree's kustomization then lists
	// MutateDir.
	MutationsListed bool
	// Warnings are problems that did not stop generation.
	Warnings diag.List
}

// Unit is what the output writes as one file: a rule's policies (its pod
// policy first, then those of pod templates) and their bindings; a merged
// policy of the per-profile layout; or the label guard.
type Unit struct {
	// Name is the unit's name: of its first policy, and of the file.
	Name    string
	Profile Profile
	// Overlay names the overlay whose copy of a rule this is, if any.
	Overlay string
	// Origin is the rule's source; its Doc is nil for what vapgen makes itself.
	Origin Origin
	// Policy is Policies[0].
	Policy   *admissionregistrationv1.ValidatingAdmissionPolicy
	Policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	// Bindings bind each policy for every mode, in the order of Policies.
	Bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding

	dir string
}

// Dir is the folder of the output tree that holds the unit: the profile,
// overlays/<overlay> or guard.
func (u *Unit) Dir() string { return u.dir }

// Objects lists every policy and binding of the result, unit by unit.
func (r *Result) Objects() ([]*admissionregistrationv1.ValidatingAdmissionPolicy, []*admissionregistrationv1.ValidatingAdmissionPolicyBinding) {
	var policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	var bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for _, u := range r.Units {
		policies = append(policies, u.Policies...)
		bindings = append(bindings, u.Bindings...)
	}
	return policies, bindings
}

func unitOf(g *model.Group) *Unit {
	u := &Unit{Name: g.Name, Profile: g.Profile, Overlay: g.Overlay, Origin: g.Origin, Bindings: g.Bindings, dir: g.Dir}
	for _, out := range g.Outputs {
		u.Policies = append(u.Policies, out.VAP)
	}
	u.Policy = u.Policies[0]
	return u
}

// SkippedRules counts the subjects (rules, or policies as a whole) that
// warnings say were left out.
func SkippedRules(warnings diag.List) int { return skipped(warnings, false) }

// SkippedExceptions counts the PolicyExceptions that warnings say were
// left out (the rules they name are enforced without them).
func SkippedExceptions(warnings diag.List) int { return skipped(warnings, true) }

func skipped(warnings diag.List, exceptions bool) int {
	type subject struct{ file, name string }
	seen := map[subject]bool{}
	for _, d := range warnings {
		if d.Skipped && strings.HasPrefix(d.Subject, `PolicyException "`) == exceptions {
			seen[subject{d.Pos.File, d.Subject}] = true
		}
	}
	return len(seen)
}
