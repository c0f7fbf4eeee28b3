// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"sync"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	auditinternal "k8s.io/apiserver/pkg/apis/audit"
)

// recordingAttributes are the API server's admission attributes
// (admission.NewAttributesRecord) that also keep the audit annotations
// admission adds, which the record does not expose. The record checks the
// key and refuses overwrites first, so what is kept is what the API server
// writes into the audit event.
type recordingAttributes struct {
	admission.Attributes
	// namespace the object is in, "" for cluster-scoped objects (unlike
	// GetNamespace, which is a Namespace's own name on update and delete).
	namespace   string
	mu          sync.Mutex
	annotations map[string]string
}

func (r *recordingAttributes) AddAnnotation(key, value string) error {
	return r.AddAnnotationWithLevel(key, value, auditinternal.LevelMetadata)
}

func (r *recordingAttributes) AddAnnotationWithLevel(key, value string, level auditinternal.Level) error {
	if err := r.Attributes.AddAnnotationWithLevel(key, value, level); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.annotations == nil {
		r.annotations = map[string]string{}
	}
	r.annotations[key] = value
	return nil
}

func (r *recordingAttributes) recorded() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.annotations
}

// objectInterfaces is what the API server's request scope hands admission:
// the scheme of the built-in types and the equivalent resources.
type objectInterfaces struct {
	scheme      *runtime.Scheme
	convertor   runtime.ObjectConvertor
	equivalents runtime.EquivalentResourceMapper
}

func newObjectInterfaces(kinds *kindRegistry) *objectInterfaces {
	s := kubeScheme()
	return &objectInterfaces{scheme: s, convertor: unstructuredConvertor{s}, equivalents: kinds.equivalents}
}

func (o *objectInterfaces) GetObjectCreater() runtime.ObjectCreater     { return o.scheme }
func (o *objectInterfaces) GetObjectTyper() runtime.ObjectTyper         { return o.scheme }
func (o *objectInterfaces) GetObjectDefaulter() runtime.ObjectDefaulter { return o.scheme }
func (o *objectInterfaces) GetObjectConvertor() runtime.ObjectConvertor { return o.convertor }
func (o *objectInterfaces) GetEquivalentResourceMapper() runtime.EquivalentResourceMapper {
	return o.equivalents
}

// unstructuredConvertor is the scheme's convertor, except that a built-in
// object given in unstructured form (the fast path) is first brought to its
// internal version, as the API server holds it. Converting it to another
// version (a policy matched through an equivalent resource) then takes the
// same route as in the API server: internal to the requested version.
type unstructuredConvertor struct{ scheme *runtime.Scheme }

func (c unstructuredConvertor) Convert(in, out, context interface{}) error {
	if u, ok := in.(*unstructured.Unstructured); ok {
		if _, outUnstructured := out.(runtime.Unstructured); !outUnstructured && c.scheme.Recognizes(u.GroupVersionKind()) {
			internal, err := toInternal(c.scheme, u)
			if err != nil {
				return err
			}
			in = internal
		}
	}
	return c.scheme.Convert(in, out, context)
}

func (c unstructuredConvertor) ConvertToVersion(in runtime.Object, gv runtime.GroupVersioner) (runtime.Object, error) {
	return c.scheme.ConvertToVersion(in, gv)
}

func (c unstructuredConvertor) ConvertFieldLabel(gvk schema.GroupVersionKind, label, value string) (string, string, error) {
	return c.scheme.ConvertFieldLabel(gvk, label, value)
}

// toInternal decodes an unstructured built-in object into its Go type and
// converts it to the internal version.
func toInternal(s *runtime.Scheme, u *unstructured.Unstructured) (runtime.Object, error) {
	gvk := u.GroupVersionKind()
	typed, err := s.New(gvk)
	if err != nil {
		return nil, err
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, typed); err != nil {
		return nil, err
	}
	return s.ConvertToVersion(typed, internalVersion(gvk.GroupVersion()))
}
