// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

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
	return Parenthesized(validation) + " ? '' : " + Parenthesized(message)
}
