// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/vapgen/vapgen/evaluator/manifest"
	"github.com/vapgen/vapgen/generator"
)

// policyFile is what a policy file holds: how many rules (a ClusterPolicy's
// or Policy's spec.rules, one per policies.kyverno.io policy), and whether
// a policy mutates or validates with CEL.
type policyFile struct {
	rules                int
	mutating, validating bool
}

func inspect(file string) policyFile {
	var p policyFile
	docs, err := manifest.Read(file)
	if err != nil {
		return p
	}
	for _, d := range docs {
		o := d.Object
		switch o.GetKind() {
		case "ClusterPolicy", "Policy":
			rules, _, _ := unstructured.NestedSlice(o.Object, "spec", "rules")
			p.rules += len(rules)
			for _, r := range rules {
				if rule, ok := r.(map[string]any); ok {
					_, cel, _ := unstructured.NestedMap(rule, "validate", "cel")
					p.validating = p.validating || cel
				}
			}
		case "ValidatingPolicy", "NamespacedValidatingPolicy":
			p.rules++
			p.validating = true
		case "MutatingPolicy", "NamespacedMutatingPolicy":
			p.rules++
			p.mutating = true
		case "GeneratingPolicy", "NamespacedGeneratingPolicy", "DeletingPolicy", "NamespacedDeletingPolicy",
			"ImageValidatingPolicy", "NamespacedImageValidatingPolicy":
			p.rules++
		}
	}
	return p
}

// convertedRules counts the rules (or policies as a whole) that something
// was generated from.
func convertedRules(result *generator.Result) int {
	seen := map[string]bool{}
	for _, u := range result.Units {
		if u.Origin.Doc != nil {
			seen[u.Origin.Subject()] = true
		}
	}
	for _, m := range result.Mutations {
		seen[m.Origin.Subject()] = true
	}
	return len(seen)
}
