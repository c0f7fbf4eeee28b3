// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package check

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Mutation checks the CEL of one converted MutatingPolicy, whose
// expressions are the source's text, and reports each problem inside its
// expression; it reports whether the policy is sound.
func (c *Checker) Mutation(m *model.Mutation, diags *diag.List) bool {
	o := m.Origin
	probs := report.NewMutating(o.Doc, o.Subject())
	defer probs.Report(diags, c.opts.SkipUnsupported)
	repairs := celcheck.RepairMutatingOptionalSelects(&m.MAP.Spec)
	issues, err := c.cel.CheckMutating(m.MAP, c.opts.APIServers())
	if err != nil {
		probs.Errorf(o.Path, "checking CEL of %s: %v", m.Name, err)
		return false
	}
	placed := placer{origin: o, exact: true, repairs: repairs, source: func(is celcheck.Issue) (*yamldoc.Document, *field.Path, bool) {
		if doc, path, ok := exceptionSource(m.Exceptions, is); ok {
			return doc, path, true
		}
		src, ok := m.Sources[is.Field]
		return o.Doc, src, ok
	}}
	c.reportRepairs(placed, probs)
	note := "MutatingAdmissionPolicies are checked for kube-apiserver " + mutatingOldest(c.opts) + " and newer"
	c.reportIssues(issues, func(e celcheck.Expr) string { return e.MutatingText(&m.MAP.Spec) }, placed, note, probs)
	return probs.OK()
}

func mutatingOldest(opts *model.Options) string {
	v := celcheck.MutatingRange(opts.APIServers()).Oldest
	return fmt.Sprintf("%d.%d", v.Major(), v.Minor())
}
