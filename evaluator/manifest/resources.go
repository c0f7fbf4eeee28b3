// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package manifest

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// Resource is an object to check and the namespace it would be created in.
type Resource struct {
	Source Source
	Object *unstructured.Unstructured
	// Namespace is the Namespace object of the same name among the documents
	// (its labels matter to namespaceSelectors), or a Namespace with only a
	// name when the documents do not define it. It is never nil; for a
	// cluster-scoped object it is ignored.
	Namespace *corev1.Namespace
}

// Resources pairs every document with its namespace: the object's
// metadata.namespace, else defaultNamespace ("default" when empty), as
// kubectl does. Namespace objects are resources too.
func Resources(docs []Document, defaultNamespace string) ([]Resource, error) {
	if defaultNamespace == "" {
		defaultNamespace = "default"
	}
	namespaces := map[string]*corev1.Namespace{}
	defined := map[string]Source{}
	for _, doc := range docs {
		if doc.Object.GetAPIVersion() != "v1" || doc.Object.GetKind() != "Namespace" {
			continue
		}
		ns := &corev1.Namespace{}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(doc.Object.Object, ns); err != nil {
			return nil, fmt.Errorf("%s: %w", doc.Source, err)
		}
		if prev, dup := defined[ns.Name]; dup {
			return nil, fmt.Errorf("%s: Namespace %q is already defined at %s", doc.Source, ns.Name, prev)
		}
		defined[ns.Name] = doc.Source
		namespaces[ns.Name] = ns
	}
	resources := make([]Resource, 0, len(docs))
	for _, doc := range docs {
		name := doc.Object.GetNamespace()
		if name == "" {
			name = defaultNamespace
		}
		ns, ok := namespaces[name]
		if !ok {
			ns = &corev1.Namespace{}
			ns.Name = name
			namespaces[name] = ns
		}
		resources = append(resources, Resource{Source: doc.Source, Object: doc.Object, Namespace: ns})
	}
	return resources, nil
}
