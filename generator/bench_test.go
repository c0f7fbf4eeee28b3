// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"testing"

	"github.com/vapgen/vapgen/generator"
)

// BenchmarkGenerate generates the shipped policies and overlays, as make
// generate does.
func BenchmarkGenerate(b *testing.B) {
	opts := generator.Options{Policies: []string{"../policies"}, Overlays: []string{"../overlays"}, Exemptions: generator.Exemptions{Namespaces: []string{"kube-system"}}}
	for b.Loop() {
		if result, problems := generator.Generate(opts); result == nil {
			b.Fatal(problems.Error())
		}
	}
}
