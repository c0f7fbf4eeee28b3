// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator

import (
	"sort"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// MutateDir is the folder of the output tree that holds the
// MutatingAdmissionPolicies.
const MutateDir = model.MutateDir

// MutateLabelKey is the namespace label that brings in the mutations of a
// profile (and those below it).
func MutateLabelKey(prefix string) string { return model.MutateLabelKey(prefix) }

// MutationUnit is one MutatingAdmissionPolicy, made of one Kyverno
// MutatingPolicy, and its binding: one file of MutateDir.
type MutationUnit struct {
	Name    string
	Profile Profile
	Origin  Origin
	Policy  *admissionregistrationv1.MutatingAdmissionPolicy
	Binding *admissionregistrationv1.MutatingAdmissionPolicyBinding
}

func mutationUnits(ms []*model.Mutation) []*MutationUnit {
	out := make([]*MutationUnit, 0, len(ms))
	for _, m := range ms {
		out = append(out, &MutationUnit{Name: m.Name, Profile: m.Profile, Origin: m.Origin, Policy: m.MAP, Binding: m.Binding})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// mutationsListed reports whether every target API server serves
// MutatingAdmissionPolicy v1, so that the tree's kustomization lists
// MutateDir; else MutateDir is applied on its own, on 1.36+ clusters.
func mutationsListed(o *model.Options) bool {
	return !o.APIServers().Oldest.LessThan(celcheck.OldestMutating)
}

// MutatingObjects lists every MutatingAdmissionPolicy and binding of the
// result.
func (r *Result) MutatingObjects() ([]*admissionregistrationv1.MutatingAdmissionPolicy, []*admissionregistrationv1.MutatingAdmissionPolicyBinding) {
	var policies []*admissionregistrationv1.MutatingAdmissionPolicy
	var bindings []*admissionregistrationv1.MutatingAdmissionPolicyBinding
	for _, u := range r.Mutations {
		policies = append(policies, u.Policy)
		bindings = append(bindings, u.Binding)
	}
	return policies, bindings
}
