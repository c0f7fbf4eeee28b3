// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"strings"
	"testing"

	"github.com/vapgen/vapgen/generator"
)

// TestMutateFolder: the MutatingAdmissionPolicies are in mutate/ whatever
// the target; the tree's kustomization (and the stream) include them only
// when every target API server serves MutatingAdmissionPolicy v1.
func TestMutateFolder(t *testing.T) {
	for _, tc := range []struct {
		version string
		listed  bool
	}{{"1.30", false}, {"1.35", false}, {"1.36", true}, {"1.37", true}} {
		result, problems := generator.Generate(generator.Options{
			Policies:          []string{"../testdata/golden/mutatingpolicy/input"},
			KubernetesVersion: tc.version,
		})
		if result == nil {
			t.Fatalf("%s: %v", tc.version, problems)
		}
		files, err := Tree(result)
		if err != nil {
			t.Fatal(err)
		}
		byPath := map[string]string{}
		for _, f := range files {
			byPath[f.Path] = string(f.Content)
		}
		for _, name := range []string{"mutate/add-team-label.yaml", "mutate/default-service-account-token.yaml"} {
			if !strings.Contains(byPath[name], "kind: MutatingAdmissionPolicyBinding") {
				t.Errorf("%s: %s has no policy and binding:\n%s", tc.version, name, byPath[name])
			}
		}
		if !strings.Contains(byPath["mutate/kustomization.yaml"], "- add-team-label.yaml\n") {
			t.Errorf("%s: mutate/kustomization.yaml:\n%s", tc.version, byPath["mutate/kustomization.yaml"])
		}
		if got := strings.Contains(byPath["kustomization.yaml"], "- mutate\n"); got != tc.listed {
			t.Errorf("%s: kustomization.yaml lists mutate: %v, want %v", tc.version, got, tc.listed)
		}
		stream, err := Stream(result)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(stream), "kind: MutatingAdmissionPolicy\n"); got != tc.listed {
			t.Errorf("%s: stream holds MutatingAdmissionPolicies: %v, want %v", tc.version, got, tc.listed)
		}
	}
}
