// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package check

import (
	"errors"
	"fmt"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/internal/diag"
)

// Mutation checks the CEL of one converted MutatingPolicy, whose
// expressions are the source's text, and reports each problem inside its
// expression; it reports whether the policy is sound.
func (c *Checker) Mutation(m *model.Mutation, diags *diag.List) bool {
	o := m.Origin
	probs := report.NewMutating(o.Doc, o.Subject())
	defer probs.Report(diags, c.opts.SkipUnsupported)
	issues, err := c.cel.CheckMutating(m.MAP, c.opts.APIServers())
	if err != nil {
		probs.Errorf(o.Path, "checking CEL of %s: %v", m.Name, err)
		return false
	}
	uses := kyvernoUses(c.cel, issues, func(e celcheck.Expr) string { return e.MutatingText(&m.MAP.Spec) })
	reported := map[celcheck.Expr]bool{}
	for _, is := range issues {
		src := o.Path.String()
		if s, ok := m.Sources[is.Field]; ok {
			src = s.String()
		}
		at := func(line, column int) diag.Position {
			if line > 0 && src != o.Path.String() {
				return o.Doc.ExpressionPos(src, line, column)
			}
			return o.Doc.Locate(src)
		}
		if use, ok := uses[is.Expr]; ok {
			if !reported[is.Expr] {
				reported[is.Expr] = true
				probs.AddAt(at(use.line, use.column), report.Unsupported("uses %q from Kyverno's CEL libraries, which the API server does not have", use.name))
			}
			continue
		}
		if is.Refusing != nil {
			probs.AddAt(at(is.Line, is.Column), fmt.Errorf("%s (MutatingAdmissionPolicies are checked for kube-apiserver %s and newer)", is.Message, mutatingOldest(c.opts)))
			continue
		}
		probs.AddAt(at(is.Line, is.Column), errors.New(is.String()))
	}
	return probs.OK()
}

func mutatingOldest(opts *model.Options) string {
	v := celcheck.MutatingRange(opts.APIServers()).Oldest
	return fmt.Sprintf("%d.%d", v.Major(), v.Minor())
}
