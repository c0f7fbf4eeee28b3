// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kinds

import (
	"fmt"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// FromDocuments is the table of the built-in kinds and of those the
// apiextensions.k8s.io/v1 CustomResourceDefinitions among docs define (every
// served version; the storage version is the preferred one). Other documents
// are ignored; a CRD that does not decode is an error at its field.
func FromDocuments(docs []*yamldoc.Document, diags *diag.List) *Table {
	t := &Table{}
	seen := map[schema.GroupVersionKind]bool{}
	for _, doc := range docs {
		if doc.APIVersion != "apiextensions.k8s.io/v1" || doc.Kind != "CustomResourceDefinition" {
			continue
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if errs := doc.Decode(&crd); len(errs) > 0 {
			*diags = append(*diags, doc.Diagnostics(diag.Error, fmt.Sprintf("CustomResourceDefinition %q", doc.Name), errs)...)
			continue
		}
		for _, info := range crdKinds(&crd) {
			if !seen[info.GVK] {
				seen[info.GVK] = true
				t.crds = append(t.crds, info)
			}
		}
	}
	return t
}

func crdKinds(crd *apiextensionsv1.CustomResourceDefinition) []Info {
	var out []Info
	for _, v := range crd.Spec.Versions {
		if !v.Served {
			continue
		}
		info := Info{
			GVK:        schema.GroupVersionKind{Group: crd.Spec.Group, Version: v.Name, Kind: crd.Spec.Names.Kind},
			Resource:   crd.Spec.Names.Plural,
			Namespaced: crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
			Preferred:  v.Storage,
		}
		if v.Subresources != nil && v.Subresources.Scale != nil {
			info.Subresources = append(info.Subresources, "scale")
		}
		if v.Subresources != nil && v.Subresources.Status != nil {
			info.Subresources = append(info.Subresources, "status")
		}
		out = append(out, info)
	}
	return out
}
