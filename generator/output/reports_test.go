// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"bytes"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/vapgen/vapgen/generator"
)

// TestReports: the optional component is in every tree, not listed by the
// tree's kustomization, and both CRDs share one schema.
func TestReports(t *testing.T) {
	files, err := Tree(&generator.Result{})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Content
		if !bytes.HasPrefix(f.Content, []byte(Header)) {
			t.Errorf("%s does not start with the generated header", f.Path)
		}
	}
	for _, p := range []string{"reports/kustomization.yaml", "reports/policyreports.yaml", "reports/clusterpolicyreports.yaml", "reports/rbac.yaml", "reports/cronjob/kustomization.yaml", "reports/cronjob/cronjob.yaml"} {
		if byPath[p] == nil {
			t.Errorf("%s is missing", p)
		}
	}
	if strings.Contains(string(byPath["kustomization.yaml"]), "reports") {
		t.Errorf("the tree's kustomization lists the optional component:\n%s", byPath["kustomization.yaml"])
	}
	schema := func(p string) (spec map[string]any) {
		t.Helper()
		var crd map[string]any
		if err := yaml.Unmarshal(byPath[p], &crd); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		spec = crd["spec"].(map[string]any)
		s := spec["versions"].([]any)[0].(map[string]any)["schema"].(map[string]any)["openAPIV3Schema"].(map[string]any)
		delete(s, "description")
		return spec
	}
	namespaced, cluster := schema("reports/policyreports.yaml"), schema("reports/clusterpolicyreports.yaml")
	if namespaced["scope"] != "Namespaced" || cluster["scope"] != "Cluster" || cluster["names"].(map[string]any)["kind"] != "ClusterPolicyReport" {
		t.Errorf("scopes or names: %v / %v", namespaced["names"], cluster["names"])
	}
	a, _ := EncodeYAML(namespaced["versions"])
	b, _ := EncodeYAML(cluster["versions"])
	if !bytes.Equal(a, b) {
		t.Errorf("the two CRDs' versions differ:\n%s\n---\n%s", a, b)
	}
}
