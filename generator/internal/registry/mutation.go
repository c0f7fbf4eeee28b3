// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package registry

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	"k8s.io/kubernetes/pkg/apis/admissionregistration/validation"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/internal/diag"
)

// MutatingPolicy returns what the API server would refuse in a new
// MutatingAdmissionPolicy.
func MutatingPolicy(p *admissionregistrationv1.MutatingAdmissionPolicy) field.ErrorList {
	var internal admissionregistration.MutatingAdmissionPolicy
	if err := toInternal(p.DeepCopy(), &internal); err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	return validation.ValidateMutatingAdmissionPolicy(&internal)
}

// MutatingBinding returns what the API server would refuse in a new
// MutatingAdmissionPolicyBinding.
func MutatingBinding(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) field.ErrorList {
	var internal admissionregistration.MutatingAdmissionPolicyBinding
	if err := toInternal(b.DeepCopy(), &internal); err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	return validation.ValidateMutatingAdmissionPolicyBinding(&internal)
}

// Mutation validates a mutation's policy and binding; what the API server
// would refuse is an error at the MutatingPolicy.
func Mutation(m *model.Mutation, diags *diag.List) bool {
	errs := refused("MutatingAdmissionPolicy", m.MAP.Name, MutatingPolicy(m.MAP))
	errs = append(errs, refused("MutatingAdmissionPolicyBinding", m.Binding.Name, MutatingBinding(m.Binding))...)
	o := m.Origin
	for _, msg := range errs {
		*diags = append(*diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path.String()), o.Subject(), msg))
	}
	return len(errs) == 0
}
