// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/exceptions"
	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/overlay"
	"github.com/vapgen/vapgen/generator/internal/podrules"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// FuzzConvert feeds arbitrary YAML through the loader, the converters, the
// naming, the PolicyExceptions, the overlays and the pod-template rewriting: they may report
// problems but must never panic. CEL checking (but for a CEL exception's
// matchConditions), which is the API server's own
// code and costs milliseconds a policy, is left out so that the fuzzer
// explores the input.
func FuzzConvert(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*/input/*.yaml")
	nested, _ := filepath.Glob("testdata/*/*/input/*/*.yaml")
	overlays, _ := filepath.Glob("testdata/*/*/overlays/*.yaml")
	for _, s := range append(append(seeds, nested...), overlays...) {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, problems := yamldoc.Parse("fuzz.yaml", data)
		opts := (&Options{DefaultPolicyProfile: Baseline}).WithDefaults()
		diags := problems
		known := kinds.FromDocuments(docs, &diags)
		rules := convert.Rules(docs, &opts, known, &diags)
		exceptions.Apply(docs, rules, nil, &opts, &diags)
		rules = overlay.Apply(docs, rules, known, &diags)
		for _, r := range rules {
			podrules.Policy(r, &opts)
			podrules.Templates(r, &opts, nil, &diags)
		}
		for _, d := range diags {
			_ = d.String()
		}
		var _ diag.List = diags
	})
}
