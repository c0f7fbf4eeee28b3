// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"encoding/json"
	"fmt"
)

// crdKind is what a CustomResourceDefinition tells about its kind.
type crdKind struct {
	group, kind, plural string
	versions            []string
	namespaced          bool
}

// parseCRD reads the names, scope and served versions of an
// apiextensions.k8s.io CustomResourceDefinition.
func parseCRD(data []byte) (crdKind, error) {
	var crd struct {
		Spec struct {
			Group string `json:"group"`
			Names struct {
				Kind   string `json:"kind"`
				Plural string `json:"plural"`
			} `json:"names"`
			Scope    string `json:"scope"`
			Versions []struct {
				Name   string `json:"name"`
				Served bool   `json:"served"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := json.Unmarshal(data, &crd); err != nil {
		return crdKind{}, fmt.Errorf("CustomResourceDefinition: %w", err)
	}
	s := crd.Spec
	k := crdKind{group: s.Group, kind: s.Names.Kind, plural: s.Names.Plural, namespaced: s.Scope == "Namespaced"}
	for _, v := range s.Versions {
		if v.Served {
			k.versions = append(k.versions, v.Name)
		}
	}
	if k.group == "" || k.kind == "" || k.plural == "" || len(k.versions) == 0 || (s.Scope != "Namespaced" && s.Scope != "Cluster") {
		return crdKind{}, fmt.Errorf("CustomResourceDefinition: spec.group, spec.names.kind, spec.names.plural, spec.scope (Namespaced or Cluster) and a served version are required")
	}
	return k, nil
}
