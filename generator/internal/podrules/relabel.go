// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podrules

import (
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/celvars"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// relabel moves vapgen's namespace label keys that a rule's CEL reads
// (string literals under the default prefix, such as
// 'pod-security.vapgen.io/profile') to the configured prefix, on the syntax
// tree, so that a policy written for the default prefix reads the labels
// the bindings select on. It reports whether anything changed. An
// expression that does not parse is left for the check stage to report.
func relabel(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec, prefix string) bool {
	if prefix == model.DefaultLabelPrefix {
		return false
	}
	from, to := model.DefaultLabelPrefix+"/", prefix+"/"
	changed := false
	move := func(expr *string) {
		out, err := celvars.RewriteStrings(*expr, func(s string) (string, bool) {
			rest, ok := strings.CutPrefix(s, from)
			return to + rest, ok
		})
		if err == nil && out != *expr {
			*expr, changed = out, true
		}
	}
	for i := range spec.Variables {
		move(&spec.Variables[i].Expression)
	}
	for i := range spec.MatchConditions {
		move(&spec.MatchConditions[i].Expression)
	}
	for i := range spec.Validations {
		move(&spec.Validations[i].Expression)
		if spec.Validations[i].MessageExpression != "" {
			move(&spec.Validations[i].MessageExpression)
		}
	}
	for i := range spec.AuditAnnotations {
		move(&spec.AuditAnnotations[i].ValueExpression)
	}
	return changed
}
