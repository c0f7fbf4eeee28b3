// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"fmt"
	"sort"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/apis/admissionregistration"
	"k8s.io/kubernetes/pkg/apis/admissionregistration/validation"
)

var (
	mapGVK        = admissionregistrationv1.SchemeGroupVersion.WithKind("MutatingAdmissionPolicy")
	mapBindingGVK = admissionregistrationv1.SchemeGroupVersion.WithKind("MutatingAdmissionPolicyBinding")
)

// Objects are what a Set is made of.
type Objects struct {
	Policies         []*admissionregistrationv1.ValidatingAdmissionPolicy
	Bindings         []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	Mutating         []*admissionregistrationv1.MutatingAdmissionPolicy
	MutatingBindings []*admissionregistrationv1.MutatingAdmissionPolicyBinding
	Params           []*unstructured.Unstructured
}

// NewSetOf builds a Set from objects. They are copied, not modified.
func NewSetOf(o Objects) (*Set, error) {
	var in setInput
	for _, p := range o.Policies {
		in.policies = append(in.policies, sourced[*admissionregistrationv1.ValidatingAdmissionPolicy]{p, ""})
	}
	for _, b := range o.Bindings {
		in.bindings = append(in.bindings, sourced[*admissionregistrationv1.ValidatingAdmissionPolicyBinding]{b, ""})
	}
	for _, p := range o.Mutating {
		in.mutating = append(in.mutating, sourced[*admissionregistrationv1.MutatingAdmissionPolicy]{p, ""})
	}
	for _, b := range o.MutatingBindings {
		in.mutatingBindings = append(in.mutatingBindings, sourced[*admissionregistrationv1.MutatingAdmissionPolicyBinding]{b, ""})
	}
	for _, p := range o.Params {
		in.params = append(in.params, sourced[*unstructured.Unstructured]{p, ""})
	}
	return newSet(in)
}

// addMutating adds the MutatingAdmissionPolicies and bindings of in, each
// defaulted and validated as the API server stores it.
func (s *Set) addMutating(in setInput, unique func(key, source string) bool) []error {
	var errs []error
	for _, p := range in.mutating {
		if p.obj == nil || p.obj.Name == "" {
			errs = append(errs, fmt.Errorf("%s: a MutatingAdmissionPolicy needs metadata.name", orNewSet(p.source)))
			continue
		}
		if unique(ref(mapGVK.Kind, p.obj.Name), p.source) {
			policy := p.obj.DeepCopy()
			s.problems = append(s.problems, prepareObject(policy, p.source, func(obj runtime.Object) field.ErrorList {
				return validation.ValidateMutatingAdmissionPolicy(obj.(*admissionregistration.MutatingAdmissionPolicy))
			})...)
			s.mutating = append(s.mutating, policy)
		}
	}
	for _, b := range in.mutatingBindings {
		if b.obj == nil || b.obj.Name == "" {
			errs = append(errs, fmt.Errorf("%s: a MutatingAdmissionPolicyBinding needs metadata.name", orNewSet(b.source)))
			continue
		}
		if unique(ref(mapBindingGVK.Kind, b.obj.Name), b.source) {
			binding := b.obj.DeepCopy()
			s.problems = append(s.problems, prepareObject(binding, b.source, func(obj runtime.Object) field.ErrorList {
				return validation.ValidateMutatingAdmissionPolicyBinding(obj.(*admissionregistration.MutatingAdmissionPolicyBinding))
			})...)
			s.mutatingBindings = append(s.mutatingBindings, binding)
		}
	}
	sort.Slice(s.mutating, func(i, j int) bool { return s.mutating[i].Name < s.mutating[j].Name })
	sort.Slice(s.mutatingBindings, func(i, j int) bool { return s.mutatingBindings[i].Name < s.mutatingBindings[j].Name })
	return errs
}

// prepareObject defaults an object (a copy) as the API server stores it and
// returns what its create validation would refuse.
func prepareObject(obj runtime.Object, source string, validate func(runtime.Object) field.ErrorList) []Problem {
	kinds, _, err := kubeScheme().ObjectKinds(obj)
	if err != nil || len(kinds) == 0 {
		return []Problem{{Source: source, Message: fmt.Sprintf("internal error: %T is not a built-in kind", obj)}}
	}
	gvk := kinds[0]
	obj.GetObjectKind().SetGroupVersionKind(gvk)
	kubeScheme().Default(obj)
	name := ""
	if m, ok := obj.(interface{ GetName() string }); ok {
		name = m.GetName()
	}
	return invalidProblems(source, gvk, name, validateInternal(obj, validate))
}

// MutatingPolicies returns the MutatingAdmissionPolicies, defaulted, sorted
// by name. Do not modify them.
func (s *Set) MutatingPolicies() []*admissionregistrationv1.MutatingAdmissionPolicy {
	return s.mutating
}
