// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/generator/celcheck"
)

// Every generated policy works on every supported API server (README
// "Supported Kubernetes versions"): each expression compiles with the CEL
// environment that each kube-apiserver from 1.30 to 1.37 checks new
// expressions with. The generator compiles with the oldest and stops there
// when it accepts everything; this test compiles with every version
// (Checker.Exhaustive) and so also proves that shortcut for the shipped set.
func TestEveryVersionAccepts(t *testing.T) {
	t.Parallel()
	for name, v := range map[string]*variant{"per-rule": repo, "per-profile": perProfile} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := v.get(t)
			checker := celcheck.New()
			checker.Exhaustive = true
			policies, _ := objects(f.units)
			for _, p := range policies {
				issues, err := checker.Check(p, []schema.GroupVersionKind(nil), celcheck.DefaultRange())
				if err != nil {
					t.Fatalf("%s: %v", p.Name, err)
				}
				for _, is := range issues {
					t.Errorf("%s: %s: %s", p.Name, is.Field, is)
				}
			}
			if len(policies) == 0 {
				t.Fatal("no policies")
			}
		})
	}
}
