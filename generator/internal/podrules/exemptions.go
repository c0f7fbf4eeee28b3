// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podrules

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// ExemptionConditions are the matchConditions that skip exempt requests:
// those of exempt users, and for pod rules pods with an exempt runtime class.
// Exempt namespaces are left out by the bindings' selectors.
func ExemptionConditions(e model.Exemptions, podRule bool) []admissionregistrationv1.MatchCondition {
	var out []admissionregistrationv1.MatchCondition
	if len(e.Usernames) > 0 {
		out = append(out, admissionregistrationv1.MatchCondition{
			Name:       "vapgen-exempt-usernames",
			Expression: fmt.Sprintf("!(request.userInfo.username in %s)", convert.CELStringList(e.Usernames)),
		})
	}
	if podRule && len(e.RuntimeClassNames) > 0 {
		out = append(out, admissionregistrationv1.MatchCondition{
			Name:       "vapgen-exempt-runtime-classes",
			Expression: fmt.Sprintf("!(object.spec.?runtimeClassName.orValue('') in %s)", convert.CELStringList(e.RuntimeClassNames)),
		})
	}
	return out
}
