// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	"k8s.io/kubernetes/pkg/apis/admissionregistration/validation"
)

// preparePolicy returns a copy of the policy defaulted as the API server
// stores it (SetObjectDefaults_ValidatingAdmissionPolicy from
// k8s.io/kubernetes/pkg/apis/admissionregistration/v1, registered in the
// scheme), and the error the API server's create validation would return.
func preparePolicy(in *admissionregistrationv1.ValidatingAdmissionPolicy, source string) (*admissionregistrationv1.ValidatingAdmissionPolicy, []Problem) {
	p := in.DeepCopy()
	p.SetGroupVersionKind(vapGVK)
	kubeScheme().Default(p)
	errs := validateInternal(p, func(obj runtime.Object) field.ErrorList {
		return validation.ValidateValidatingAdmissionPolicy(obj.(*admissionregistration.ValidatingAdmissionPolicy))
	})
	return p, invalidProblems(source, vapGVK, p.Name, errs)
}

// prepareBinding is preparePolicy for bindings.
func prepareBinding(in *admissionregistrationv1.ValidatingAdmissionPolicyBinding, source string) (*admissionregistrationv1.ValidatingAdmissionPolicyBinding, []Problem) {
	b := in.DeepCopy()
	b.SetGroupVersionKind(bindingGVK)
	kubeScheme().Default(b)
	errs := validateInternal(b, func(obj runtime.Object) field.ErrorList {
		return validation.ValidateValidatingAdmissionPolicyBinding(obj.(*admissionregistration.ValidatingAdmissionPolicyBinding))
	})
	return b, invalidProblems(source, bindingGVK, b.Name, errs)
}

// validateInternal runs an API server validation function, which works on
// the internal version of the object.
func validateInternal(obj runtime.Object, validate func(runtime.Object) field.ErrorList) field.ErrorList {
	gvk := obj.GetObjectKind().GroupVersionKind()
	internal, err := kubeScheme().ConvertToVersion(obj.DeepCopyObject(), internalVersion(gvk.GroupVersion()))
	if err != nil {
		return field.ErrorList{field.InternalError(nil, err)}
	}
	return validate(internal)
}

// invalidProblems words validation errors as the API server's response.
func invalidProblems(source string, gvk schema.GroupVersionKind, name string, errs field.ErrorList) []Problem {
	if len(errs) == 0 {
		return nil
	}
	msg := "the API server rejects it: " + apierrors.NewInvalid(gvk.GroupKind(), name, errs).Error()
	return []Problem{{Source: source, Object: ref(gvk.Kind, name), Message: msg}}
}
