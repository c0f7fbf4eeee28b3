// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package messages

import (
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/model"
)

// OptOut ends every validation message of the rules' policies with the
// label that lifts the rule: `<prefix>/<rule>=exclude`, where an overlay's
// copy names its base rule. A messageExpression gets the hint appended as
// a CEL string; a validation with neither message gets the message the API
// server would show, on one line, with the hint. A policy only on cluster
// scoped kinds other than Namespace gets none: namespace labels do not
// select those objects.
func OptOut(rules []model.Checked, prefix string) {
	for _, c := range rules {
		h := Hint(prefix, c.Rule.OptOutName())
		for _, p := range c.Policies {
			if clusterScopedOnly(p.VAP.Spec.MatchConstraints) {
				continue
			}
			vs := p.VAP.Spec.Validations
			for i := range vs {
				withHint(&vs[i], h)
			}
		}
	}
}

// Hint is the text that ends a rule's messages.
func Hint(prefix, rule string) string {
	return " (opt out: namespace label " + model.OptOutLabelKey(prefix, rule) + "=" + model.ExcludeValue + ")"
}

// clusterScopedOnly tells whether every resource m matches is cluster
// scoped and not a Namespace (whose own labels a namespaceSelector reads).
func clusterScopedOnly(m *admissionregistrationv1.MatchResources) bool {
	if m == nil || len(m.ResourceRules) == 0 {
		return false
	}
	for _, r := range m.ResourceRules {
		if r.Scope == nil || *r.Scope != admissionregistrationv1.ClusterScope {
			return false
		}
		for _, res := range r.Resources {
			if res == "namespaces" || strings.HasPrefix(res, "namespaces/") || strings.HasPrefix(res, "*") {
				return false
			}
		}
	}
	return true
}

func withHint(v *admissionregistrationv1.Validation, hint string) {
	if v.Message == "" && v.MessageExpression == "" {
		v.Message = "failed expression: " + strings.Join(strings.Fields(v.Expression), " ")
	}
	if v.Message != "" {
		v.Message = strings.TrimSpace(v.Message) + hint
	}
	if v.MessageExpression != "" {
		v.MessageExpression = Parenthesized(v.MessageExpression) + " + " + celString(hint)
	}
}

// celString is s as a CEL string literal.
func celString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Parenthesized is expr in parentheses. The closing one goes on a line of
// its own when expr may end in a `//` comment.
func Parenthesized(expr string) string {
	if strings.Contains(expr, "//") {
		return "(" + expr + "\n)"
	}
	return "(" + expr + ")"
}
