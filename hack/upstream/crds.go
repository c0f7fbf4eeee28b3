// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/evaluator/manifest"
)

// testCRDs stands in for the CustomResourceDefinitions Kyverno's CI
// installs before a folder's Chainsaw test runs: the test asserts them
// (name, kind, plural, versions, scope), and a CRD with those and an open
// schema is written to a temporary folder, which is returned with what
// removes it. vapgen compiles, but does not type-check, expressions on
// custom kinds, so an open schema converts exactly as the real CRD would.
func testCRDs(dir string) ([]string, func()) {
	files, _ := filepath.Glob(filepath.Join(dir, ".chainsaw-test", "*.yaml"))
	byName := map[string]*apiextensionsv1.CustomResourceDefinition{}
	for _, f := range files {
		docs, err := manifest.Read(f)
		if err != nil {
			continue
		}
		for _, d := range docs {
			if crd := crdOf(d.Object); crd != nil {
				byName[crd.Name] = crd
			}
		}
	}
	if len(byName) == 0 {
		return nil, func() {}
	}
	tmp, err := os.MkdirTemp("", "upstream-crds-")
	if err != nil {
		return nil, func() {}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := yaml.Marshal(byName[n])
		if err == nil {
			_ = os.WriteFile(filepath.Join(tmp, n+".yaml"), data, 0o600)
		}
	}
	return []string{tmp}, func() { os.RemoveAll(tmp) }
}

// crdOf completes an asserted CustomResourceDefinition, or is nil when the
// document is none or says too little (no group in its name, no kind).
func crdOf(o *unstructured.Unstructured) *apiextensionsv1.CustomResourceDefinition {
	if o.GetKind() != "CustomResourceDefinition" {
		return nil
	}
	plural, group, ok := strings.Cut(o.GetName(), ".")
	kind := first(o, "spec.names.kind", "status.acceptedNames.kind")
	if !ok || kind == "" {
		return nil
	}
	scope := apiextensionsv1.NamespaceScoped
	if first(o, "spec.scope") == string(apiextensionsv1.ClusterScoped) {
		scope = apiextensionsv1.ClusterScoped
	}
	versions := versionsOf(o)
	if len(versions) == 0 {
		return nil
	}
	open := true
	crd := &apiextensionsv1.CustomResourceDefinition{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apiextensions.k8s.io/v1", Kind: "CustomResourceDefinition"},
		ObjectMeta: metav1.ObjectMeta{Name: o.GetName()},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: group,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Kind: kind, Plural: plural, ListKind: kind + "List"},
			Scope: scope,
		},
	}
	for i, v := range versions {
		crd.Spec.Versions = append(crd.Spec.Versions, apiextensionsv1.CustomResourceDefinitionVersion{
			Name: v, Served: true, Storage: i == 0,
			Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{Type: "object", XPreserveUnknownFields: &open}},
		})
	}
	return crd
}

// versionsOf are the versions an asserted CRD names, the stored one first.
func versionsOf(o *unstructured.Unstructured) []string {
	var out []string
	seen := map[string]bool{}
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	stored, _, _ := unstructured.NestedStringSlice(o.Object, "status", "storedVersions")
	for _, v := range stored {
		add(v)
	}
	listed, _, _ := unstructured.NestedSlice(o.Object, "spec", "versions")
	for _, v := range listed {
		if m, ok := v.(map[string]any); ok {
			name, _ := m["name"].(string)
			add(name)
		}
	}
	return out
}

func first(o *unstructured.Unstructured, paths ...string) string {
	for _, p := range paths {
		if v, ok, _ := unstructured.NestedString(o.Object, strings.Split(p, ".")...); ok && v != "" {
			return v
		}
	}
	return ""
}
