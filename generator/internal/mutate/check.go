// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package mutate

import (
	"github.com/vapgen/vapgen/generator/internal/check"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/registry"
	"github.com/vapgen/vapgen/internal/diag"
)

// Check compiles the CEL of every converted mutation (before Bind, so that
// each expression is the source's text) for the target API servers; those
// with a problem are left out.
func Check(ms []*model.Mutation, opts *model.Options, diags *diag.List) []*model.Mutation {
	checker := check.New(opts)
	var out []*model.Mutation
	for _, m := range ms {
		if checker.Mutation(m, diags) {
			out = append(out, m)
		}
	}
	return out
}

// Validate checks every bound policy and binding as the registry would on
// create; those it would refuse are errors and left out.
func Validate(ms []*model.Mutation, diags *diag.List) []*model.Mutation {
	var out []*model.Mutation
	for _, m := range ms {
		if registry.Mutation(m, diags) {
			out = append(out, m)
		}
	}
	return out
}
