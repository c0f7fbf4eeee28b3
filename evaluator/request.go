// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
)

// Request is one API request to evaluate.
type Request struct {
	// Object is the object sent (CREATE, UPDATE); OldObject the stored one
	// (UPDATE, DELETE). Either a Go type of k8s.io/api or
	// *unstructured.Unstructured, as written in a manifest: the API server's
	// defaults are applied here.
	Object, OldObject runtime.Object
	// Operation defaults to CREATE without OldObject, UPDATE with it.
	// CONNECT is not supported.
	Operation admission.Operation
	// SubResource, e.g. "ephemeralcontainers" or "status".
	SubResource string
	// Resource overrides the resource derived from the kind, for subresources
	// whose body is another kind (e.g. deployments/scale with a Scale).
	Resource schema.GroupVersionResource
	// Namespace of a namespaced object; its labels matter. When nil, the
	// object's metadata.namespace (or "default") is used with only the labels
	// the API server sets. Ignored for cluster-scoped objects.
	Namespace *corev1.Namespace
	// UserInfo defaults to DefaultUser.
	UserInfo user.Info
	DryRun   bool
}

// DefaultUser is the requesting user when Request.UserInfo is nil: a
// cluster admin, as in kind's and kubeadm's admin kubeconfig.
var DefaultUser user.Info = &user.DefaultInfo{Name: "kubernetes-admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}}

func (r *Request) operation() (admission.Operation, error) {
	op := r.Operation
	if op == "" {
		op = admission.Create
		if r.OldObject != nil {
			op = admission.Update
		}
	}
	switch {
	case op == admission.Create && (r.Object == nil || r.OldObject != nil):
		return op, errors.New("CREATE needs Object and no OldObject")
	case op == admission.Update && (r.Object == nil || r.OldObject == nil):
		return op, errors.New("UPDATE needs Object and OldObject")
	case op == admission.Delete && (r.Object != nil || r.OldObject == nil):
		return op, errors.New("DELETE needs OldObject (the object deleted) and no Object")
	case op != admission.Create && op != admission.Update && op != admission.Delete:
		return op, fmt.Errorf("operation %q is not supported", op)
	}
	return op, nil
}

// options is the options object the API server's handlers put into the
// admission attributes (request.options in CEL).
func options(op admission.Operation, dryRun bool, fieldValidation string) runtime.Object {
	var dry []string
	if dryRun {
		dry = []string{metav1.DryRunAll}
	}
	var obj runtime.Object
	switch op {
	case admission.Create:
		obj = &metav1.CreateOptions{DryRun: dry, FieldValidation: fieldValidation}
	case admission.Update:
		obj = &metav1.UpdateOptions{DryRun: dry, FieldValidation: fieldValidation}
	default:
		obj = &metav1.DeleteOptions{DryRun: dry}
	}
	obj.GetObjectKind().SetGroupVersionKind(metav1.SchemeGroupVersion.WithKind(kindOf(op)))
	return obj
}

func kindOf(op admission.Operation) string {
	switch op {
	case admission.Create:
		return "CreateOptions"
	case admission.Update:
		return "UpdateOptions"
	}
	return "DeleteOptions"
}

// kindOfObject returns the group, version and kind of a typed or
// unstructured object.
func kindOfObject(obj runtime.Object) (schema.GroupVersionKind, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		gvk := u.GroupVersionKind()
		if gvk.Kind == "" || gvk.Version == "" {
			return gvk, errors.New("object has no apiVersion or kind")
		}
		return gvk, nil
	}
	gvks, _, err := kubeScheme().ObjectKinds(obj)
	if err != nil {
		return schema.GroupVersionKind{}, err
	}
	for _, gvk := range gvks {
		if gvk.Version != runtime.APIVersionInternal {
			return gvk, nil
		}
	}
	return schema.GroupVersionKind{}, fmt.Errorf("%T is an internal type", obj)
}

// toUnstructured copies a typed or unstructured object into unstructured
// form with its kind set.
func toUnstructured(obj runtime.Object, gvk schema.GroupVersionKind) (*unstructured.Unstructured, error) {
	if u, ok := obj.(*unstructured.Unstructured); ok {
		return u.DeepCopy(), nil
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, err
	}
	u := &unstructured.Unstructured{Object: content}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

func objectName(obj runtime.Object) string {
	if obj == nil {
		return ""
	}
	if m, err := meta.Accessor(obj); err == nil {
		return m.GetName()
	}
	return ""
}
