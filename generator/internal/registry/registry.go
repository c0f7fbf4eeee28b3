// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package registry

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	"k8s.io/kubernetes/pkg/apis/admissionregistration/validation"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/internal/diag"
)

// Policy returns what the API server would refuse in a new policy.
func Policy(p *admissionregistrationv1.ValidatingAdmissionPolicy) field.ErrorList {
	var internal admissionregistration.ValidatingAdmissionPolicy
	if err := toInternal(p.DeepCopy(), &internal); err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	return validation.ValidateValidatingAdmissionPolicy(&internal)
}

// Binding returns what the API server would refuse in a new binding.
func Binding(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding) field.ErrorList {
	var internal admissionregistration.ValidatingAdmissionPolicyBinding
	if err := toInternal(b.DeepCopy(), &internal); err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	return validation.ValidateValidatingAdmissionPolicyBinding(&internal)
}

// toInternal defaults a copy of a v1 object and converts it.
func toInternal(v1 runtime.Object, internal runtime.Object) error {
	legacyscheme.Scheme.Default(v1)
	if err := legacyscheme.Scheme.Convert(v1, internal, nil); err != nil {
		return fmt.Errorf("converting %T: %w", v1, err)
	}
	return nil
}

// Groups validates every policy and binding of the groups as the registry
// would on create. What it refuses is an error at the group's source (an
// internal error for what vapgen makes itself), so that nothing the API
// server refuses is ever written.
func Groups(groups []*model.Group, diags *diag.List) {
	for _, g := range groups {
		var errs []string
		for _, out := range g.Outputs {
			errs = append(errs, refused("ValidatingAdmissionPolicy", out.VAP.Name, Policy(out.VAP))...)
		}
		for _, b := range g.Bindings {
			errs = append(errs, refused("ValidatingAdmissionPolicyBinding", b.Name, Binding(b))...)
		}
		o := g.Origin
		for _, msg := range errs {
			if o.Doc == nil {
				diags.Errorf(diag.Position{File: g.Name}, "", "internal error: %s", msg)
				continue
			}
			*diags = append(*diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path.String()), o.Subject(), msg))
		}
	}
}

func refused(kind, name string, errs field.ErrorList) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("the API server would refuse the generated %s %q: %s", kind, name, e.Error())
	}
	return out
}
