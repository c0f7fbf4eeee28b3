// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package messages is the generator's message stage. kube-apiserver
// evaluates every messageExpression of a matched policy on every request,
// whether its validation passes or not (k8s.io/apiserver
// validating.validator.Validate), so a message that names the offending
// containers costs the filtering and formatting on every admitted pod too.
// Guard makes each messageExpression return at once when its validation
// passes: the API server uses a message only when the validation fails,
// and then the guarded expression is the message.
package messages

import (
	"github.com/vapgen/vapgen/generator/internal/model"
)

// Guard rewrites the messageExpressions of every output policy as
// `(validation) ? ” : (message)`.
func Guard(groups []*model.Group) {
	for _, g := range groups {
		for _, out := range g.Outputs {
			vs := out.VAP.Spec.Validations
			for i := range vs {
				if vs[i].MessageExpression != "" {
					vs[i].MessageExpression = Guarded(vs[i].Expression, vs[i].MessageExpression)
				}
			}
		}
	}
}

// Guarded is a messageExpression that is empty when the validation passes.
func Guarded(validation, message string) string {
	return "(" + validation + ") ? '' : (" + message + ")"
}
