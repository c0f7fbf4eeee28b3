// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package registry

import (
	"encoding/json"
	"path/filepath"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/internal/yamldoc"
)

// TestCommittedManifests validates every policy and binding of the committed
// trees (make generate writes them) with the registry's validation.
func TestCommittedManifests(t *testing.T) {
	for _, tree := range []string{"manifests", "manifests-per-profile"} {
		t.Run(tree, func(t *testing.T) {
			walk := yamldoc.Walk{Extensions: []string{".yaml"}}
			docs, problems := walk.Load(nil, filepath.Join("..", "..", "..", tree))
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			policies, bindings := 0, 0
			for _, doc := range docs {
				var v any
				if err := doc.Root.Decode(&v); err != nil {
					t.Fatalf("%s: %v", doc.File.Path, err)
				}
				data, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				switch doc.Kind {
				case "ValidatingAdmissionPolicy":
					var p admissionregistrationv1.ValidatingAdmissionPolicy
					if err := yaml.UnmarshalStrict(data, &p); err != nil {
						t.Fatalf("%s: %v", doc.File.Path, err)
					}
					policies++
					if errs := Policy(&p); len(errs) > 0 {
						t.Errorf("%s: policy %s: %v", doc.File.Path, p.Name, errs)
					}
				case "ValidatingAdmissionPolicyBinding":
					var b admissionregistrationv1.ValidatingAdmissionPolicyBinding
					if err := yaml.UnmarshalStrict(data, &b); err != nil {
						t.Fatalf("%s: %v", doc.File.Path, err)
					}
					bindings++
					if errs := Binding(&b); len(errs) > 0 {
						t.Errorf("%s: binding %s: %v", doc.File.Path, b.Name, errs)
					}
				}
			}
			if policies == 0 || bindings == 0 {
				t.Fatalf("%s holds %d policies and %d bindings", tree, policies, bindings)
			}
			t.Logf("%s: %d policies and %d bindings accepted", tree, policies, bindings)
		})
	}
}
