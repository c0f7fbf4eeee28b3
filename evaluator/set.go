// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"errors"
	"fmt"
	"sort"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Set is a validated collection of policies, bindings and param objects, as
// the API server would store them (defaulted). It is read-only.
type Set struct {
	policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	// mutating and mutatingBindings are the MutatingAdmissionPolicies and
	// their bindings, which admission runs before the validating ones.
	mutating         []*admissionregistrationv1.MutatingAdmissionPolicy
	mutatingBindings []*admissionregistrationv1.MutatingAdmissionPolicyBinding
	params           []*unstructured.Unstructured
	kinds            *kindRegistry
	problems         []Problem
}

// Problem is something the API server would reject or ignore. The policy or
// binding it is about is still evaluated as the API server would evaluate it.
type Problem struct {
	Source  string // file and document; empty for objects given to NewSet
	Object  string // e.g. `ValidatingAdmissionPolicy "require-labels"`
	Message string
}

func (p Problem) String() string {
	if p.Source == "" {
		return p.Object + ": " + p.Message
	}
	return p.Source + ": " + p.Object + ": " + p.Message
}

type sourced[T any] struct {
	obj    T
	source string
}

type setInput struct {
	policies         []sourced[*admissionregistrationv1.ValidatingAdmissionPolicy]
	bindings         []sourced[*admissionregistrationv1.ValidatingAdmissionPolicyBinding]
	mutating         []sourced[*admissionregistrationv1.MutatingAdmissionPolicy]
	mutatingBindings []sourced[*admissionregistrationv1.MutatingAdmissionPolicyBinding]
	params           []sourced[*unstructured.Unstructured]
	crds             []crdKind
}

// NewSet builds a Set from objects. They are copied, not modified.
func NewSet(policies []*admissionregistrationv1.ValidatingAdmissionPolicy, bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding, params []*unstructured.Unstructured) (*Set, error) {
	var in setInput
	for _, p := range policies {
		in.policies = append(in.policies, sourced[*admissionregistrationv1.ValidatingAdmissionPolicy]{p, ""})
	}
	for _, b := range bindings {
		in.bindings = append(in.bindings, sourced[*admissionregistrationv1.ValidatingAdmissionPolicyBinding]{b, ""})
	}
	for _, p := range params {
		in.params = append(in.params, sourced[*unstructured.Unstructured]{p, ""})
	}
	return newSet(in)
}

func newSet(in setInput) (*Set, error) {
	s := &Set{kinds: newKindRegistry(in.crds)}
	var errs []error
	seen := map[string]string{}
	unique := func(key, source string) bool {
		if prev, dup := seen[key]; dup {
			errs = append(errs, fmt.Errorf("%s is defined twice (%s and %s)", key, orNewSet(prev), orNewSet(source)))
			return false
		}
		seen[key] = source
		return true
	}
	for _, p := range in.policies {
		if p.obj == nil || p.obj.Name == "" {
			errs = append(errs, fmt.Errorf("%s: a ValidatingAdmissionPolicy needs metadata.name", orNewSet(p.source)))
		} else if unique(ref(vapGVK.Kind, p.obj.Name), p.source) {
			policy, problems := preparePolicy(p.obj, p.source)
			s.policies = append(s.policies, policy)
			s.problems = append(s.problems, problems...)
		}
	}
	for _, b := range in.bindings {
		if b.obj == nil || b.obj.Name == "" {
			errs = append(errs, fmt.Errorf("%s: a ValidatingAdmissionPolicyBinding needs metadata.name", orNewSet(b.source)))
		} else if unique(ref(bindingGVK.Kind, b.obj.Name), b.source) {
			binding, problems := prepareBinding(b.obj, b.source)
			s.bindings = append(s.bindings, binding)
			s.problems = append(s.problems, problems...)
		}
	}
	errs = append(errs, s.addMutating(in, unique)...)
	for _, p := range in.params {
		switch {
		case p.obj == nil || p.obj.GetAPIVersion() == "" || p.obj.GetKind() == "" || p.obj.GetName() == "":
			errs = append(errs, fmt.Errorf("%s: a param object needs apiVersion, kind and metadata.name", orNewSet(p.source)))
		case unique(fmt.Sprintf("%s %s %q in namespace %q", p.obj.GetAPIVersion(), p.obj.GetKind(), p.obj.GetName(), p.obj.GetNamespace()), p.source):
			s.params = append(s.params, p.obj.DeepCopy())
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(s.policies, func(i, j int) bool { return s.policies[i].Name < s.policies[j].Name })
	sort.Slice(s.bindings, func(i, j int) bool { return s.bindings[i].Name < s.bindings[j].Name })
	s.problems = append(s.problems, s.referenceProblems(in)...)
	return s, nil
}

// referenceProblems reports bindings without policy, policies without
// binding and param kinds the API server could not resolve.
func (s *Set) referenceProblems(in setInput) []Problem {
	var problems []Problem
	sources := map[string]string{}
	for _, p := range in.policies {
		sources[ref(vapGVK.Kind, p.obj.Name)] = p.source
	}
	for _, b := range in.bindings {
		sources[ref(bindingGVK.Kind, b.obj.Name)] = b.source
	}
	bound := map[string]bool{}
	policies := map[string]bool{}
	for _, p := range s.policies {
		policies[p.Name] = true
	}
	for _, b := range s.bindings {
		bound[b.Spec.PolicyName] = true
		if !policies[b.Spec.PolicyName] {
			key := ref(bindingGVK.Kind, b.Name)
			problems = append(problems, Problem{sources[key], key, fmt.Sprintf("binds ValidatingAdmissionPolicy %q, which is not in the set: the API server ignores the binding", b.Spec.PolicyName)})
		}
	}
	for _, p := range s.policies {
		key := ref(vapGVK.Kind, p.Name)
		if !bound[p.Name] {
			problems = append(problems, Problem{sources[key], key, "has no binding: the API server does not evaluate it"})
		}
		if gvk, _, err := s.paramKind(p.Spec.ParamKind); err != nil && gvk == nil {
			problems = append(problems, Problem{sources[key], key, err.Error() + ": the API server skips the policy"})
		} else if err != nil {
			problems = append(problems, Problem{sources[key], key, err.Error() +
				": no CustomResourceDefinition and no object of that kind was loaded; the API server fails every request the policy matches (failurePolicy applies)"})
		}
	}
	return problems
}

// paramKind resolves a policy's paramKind like the API server's policy
// source does (generic/policy_source.go): the kind must be served, either
// built-in or by a CRD of the Set; a custom kind without CRD is accepted
// when the Set holds objects of that kind. A nil kind and nil error mean no
// paramKind; a nil kind with an error means the API server skips the policy;
// a kind with an error is the policy's configuration error.
func (s *Set) paramKind(pk *admissionregistrationv1.ParamKind) (*schema.GroupVersionKind, *kindInfo, error) {
	if pk == nil {
		return nil, nil, nil
	}
	gv, err := schema.ParseGroupVersion(pk.APIVersion)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to parse paramKind APIVersion: %w", err)
	}
	gvk := gv.WithKind(pk.Kind)
	namespaced, found := false, false
	for _, param := range s.params {
		if param.GroupVersionKind() == gvk {
			found = true
			namespaced = namespaced || param.GetNamespace() != ""
		}
	}
	info, known := s.kinds.lookup(gvk, namespaced)
	if !known && !found {
		return &gvk, nil, fmt.Errorf("failed to find resource referenced by paramKind: '%v'", gvk)
	}
	return &gvk, &info, nil
}

func ref(kind, name string) string { return fmt.Sprintf("%s %q", kind, name) }

func orNewSet(source string) string {
	if source == "" {
		return "NewSet"
	}
	return source
}

// Policies returns the policies, defaulted, sorted by name. Do not modify them.
func (s *Set) Policies() []*admissionregistrationv1.ValidatingAdmissionPolicy { return s.policies }

// Bindings returns the bindings, defaulted, sorted by name. Do not modify them.
func (s *Set) Bindings() []*admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	return s.bindings
}

// Params returns the param objects. Do not modify them.
func (s *Set) Params() []*unstructured.Unstructured { return s.params }

// Problems lists what the API server would reject or ignore, once per object.
func (s *Set) Problems() []Problem { return s.problems }
