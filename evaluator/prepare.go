// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"fmt"
	"net/http"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/registry/rest"
)

var namespaceGVK = corev1.SchemeGroupVersion.WithKind("Namespace")

// attributes builds the admission attributes the API server builds for the
// request, and the Namespace object its namespace lister would return.
func (e *Evaluator) attributes(ctx context.Context, req Request) (*recordingAttributes, *corev1.Namespace, error) {
	op, err := req.operation()
	if err != nil {
		return nil, nil, err
	}
	ref := req.Object
	if ref == nil {
		ref = req.OldObject
	}
	gvk, err := kindOfObject(ref)
	if err != nil {
		return nil, nil, err
	}
	if req.Object != nil && req.OldObject != nil {
		if oldGVK, err := kindOfObject(req.OldObject); err != nil || oldGVK != gvk {
			return nil, nil, fmt.Errorf("OldObject is not a %s", gvk)
		}
	}
	accessor, err := meta.Accessor(ref)
	if err != nil {
		return nil, nil, err
	}
	requestNamespace := accessor.GetNamespace()
	if req.Namespace != nil {
		requestNamespace = req.Namespace.Name
	}
	info, _ := e.kinds.lookup(gvk, requestNamespace != "")
	if !info.namespaced {
		requestNamespace = ""
	} else if requestNamespace == "" {
		requestNamespace = "default"
	}
	if e.kinds.unserved(gvk) {
		return nil, nil, rejection{status: notServed(op, info.resource.GroupResource()), namespace: requestNamespace}
	}
	obj, err := e.admissionObject(ctx, req.Object, gvk, info, requestNamespace, e.fieldValidation)
	if r, rejected := err.(rejection); rejected {
		r.namespace = requestNamespace
		return nil, nil, r
	} else if err != nil {
		return nil, nil, err
	}
	old, err := e.admissionObject(ctx, req.OldObject, gvk, info, requestNamespace, "")
	if err != nil {
		return nil, nil, err
	}
	name := objectName(obj)
	if obj == nil {
		name = objectName(old)
	}
	resource := info.resource
	if !req.Resource.Empty() {
		resource = req.Resource
	}
	userInfo := req.UserInfo
	if userInfo == nil {
		userInfo = DefaultUser
	}
	attrNamespace, ns := requestNamespace, (*corev1.Namespace)(nil)
	switch {
	case gvk == namespaceGVK:
		// The API server takes a namespace's own name as the request
		// namespace, except on create (requestinfo.go).
		attrNamespace = ""
		if op != admission.Create {
			attrNamespace = name
			ns, err = namespaceFrom(req.OldObject)
		}
	case info.namespaced:
		given := req.Namespace
		if given == nil {
			given = &corev1.Namespace{}
			given.Name = requestNamespace
		}
		ns, err = namespaceFrom(given)
	}
	if err != nil {
		return nil, nil, err
	}
	record := admission.NewAttributesRecord(obj, old, gvk, attrNamespace, name, resource, req.SubResource, op, options(op, req.DryRun, e.fieldValidation), req.DryRun, userInfo)
	return &recordingAttributes{Attributes: record, namespace: requestNamespace}, ns, nil
}

// admissionObject returns the object as admission sees it. Built-in kinds
// are decoded, defaulted and converted to the internal version, as the API
// server's decoder does (see decodeBody; directive is the field validation,
// empty for a stored object); in the fast path they are then converted back
// to their version and to unstructured form once, which is what the
// dispatcher would otherwise do for every policy. Other kinds stay
// unstructured.
func (e *Evaluator) admissionObject(ctx context.Context, obj runtime.Object, gvk schema.GroupVersionKind, info kindInfo, namespace, directive string) (runtime.Object, error) {
	if obj == nil {
		return nil, nil
	}
	u, err := toUnstructured(obj, gvk)
	if err != nil {
		return nil, err
	}
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(namespace, u); err != nil {
		return nil, err
	}
	if !info.typed {
		return u, nil
	}
	internal, err := decodeBody(ctx, u, directive)
	if err != nil {
		if _, rejected := err.(rejection); rejected && directive == "" {
			return nil, fmt.Errorf("OldObject: %w", err)
		}
		return nil, err
	}
	if e.exact {
		return internal, nil
	}
	versioned, err := admission.ConvertToGVK(internal, gvk, e.objects)
	if err != nil {
		return nil, err
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(versioned)
	if err != nil {
		return nil, err
	}
	return &unstructured.Unstructured{Object: content}, nil
}

// namespaceFrom returns a Namespace as the API server stores it: defaulted
// (SetDefaults_Namespace adds the kubernetes.io/metadata.name label) and
// with the finalizer its create strategy adds.
func namespaceFrom(obj runtime.Object) (*corev1.Namespace, error) {
	if obj == nil {
		return nil, nil
	}
	ns := &corev1.Namespace{}
	u, err := toUnstructured(obj, namespaceGVK)
	if err == nil {
		err = runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, ns)
	}
	if err != nil {
		return nil, fmt.Errorf("namespace: %w", err)
	}
	kubeScheme().Default(ns)
	for _, f := range ns.Spec.Finalizers {
		if f == corev1.FinalizerKubernetes {
			return ns, nil
		}
	}
	ns.Spec.Finalizers = append(ns.Spec.Finalizers, corev1.FinalizerKubernetes)
	return ns, nil
}

// notServed is what a client gets for a request of a version the API
// server does not serve: a 404 without a Status body, which client-go (and
// so kubectl) reports in these words.
func notServed(op admission.Operation, resource schema.GroupResource) *apierrors.StatusError {
	verb := map[admission.Operation]string{admission.Create: http.MethodPost, admission.Update: http.MethodPut, admission.Delete: http.MethodDelete}[op]
	if verb == "" {
		verb = http.MethodPost
	}
	return apierrors.NewGenericServerResponse(http.StatusNotFound, verb, resource, "", "", 0, false)
}
