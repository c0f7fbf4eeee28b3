// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	"k8s.io/apiserver/pkg/admission/plugin/policy/mutating"
)

// mutate runs the MutatingAdmissionPolicies on the request, as the API
// server's mutating admission does before validating admission: the
// dispatcher of k8s.io/apiserver's mutating plugin on the object in its
// internal version, then once more when a mutation asked for reinvocation
// (the admission chain's reinvoker). It returns the attributes validation
// sees (in the fast path, the mutated object in its version, unstructured)
// and what each mutation changed.
func (e *Evaluator) mutate(ctx context.Context, attrs *recordingAttributes, namespaces *matching.Matcher) (*recordingAttributes, []Mutation, error) {
	if len(e.mutatingHooks) == 0 || attrs.GetObject() == nil {
		return attrs, nil, nil
	}
	tc, err := builtinTypeConverter()
	if err != nil {
		return nil, nil, err
	}
	obj, fast := attrs.GetObject(), false
	if u, ok := obj.(*unstructured.Unstructured); ok && kubeScheme().Recognizes(u.GroupVersionKind()) {
		if obj, err = toInternal(kubeScheme(), u); err != nil {
			return nil, nil, err
		}
		fast = true
	}
	record := withObject(attrs, obj)
	log := &mutationLog{}
	ctx = context.WithValue(ctx, mutationLogKey{}, log)
	dispatcher := mutating.NewDispatcher(e.authz, namespaces, staticTypeConverters{tc})
	if err := dispatcher.Dispatch(ctx, record, e.objects, e.mutatingHooks); err != nil {
		return nil, log.mutations, err
	}
	if rc := record.GetReinvocationContext(); rc.ShouldReinvoke() {
		rc.SetIsReinvoke()
		if err := dispatcher.Dispatch(ctx, record, e.objects, e.mutatingHooks); err != nil {
			return nil, log.mutations, err
		}
	}
	if !fast {
		return record, log.mutations, nil
	}
	versioned, err := storedObject(record, e.objects)
	if err != nil {
		return nil, nil, err
	}
	return withObject(attrs, versioned), log.mutations, nil
}

// withObject is a fresh copy of the request's attributes with another
// object.
func withObject(a *recordingAttributes, obj runtime.Object) *recordingAttributes {
	record := admission.NewAttributesRecord(obj, a.GetOldObject(), a.GetKind(), a.GetNamespace(), a.GetName(), a.GetResource(), a.GetSubresource(),
		a.GetOperation(), a.GetOperationOptions(), a.IsDryRun(), a.GetUserInfo())
	return &recordingAttributes{Attributes: record, namespace: a.namespace}
}

// storedObject is the request's object in its version, unstructured: what
// the API server stores when it admits it (the registry's own steps aside).
func storedObject(attrs admission.Attributes, o admission.ObjectInterfaces) (*unstructured.Unstructured, error) {
	obj := attrs.GetObject()
	if obj == nil {
		return nil, nil
	}
	if u, ok := obj.(*unstructured.Unstructured); ok {
		return u, nil
	}
	versioned, err := admission.ConvertToGVK(obj, attrs.GetKind(), o)
	if err != nil {
		return nil, err
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(versioned)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{Object: content}
	u.SetGroupVersionKind(attrs.GetKind())
	return u, nil
}
