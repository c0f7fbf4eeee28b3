// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"errors"

	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
)

// compileAsAPIServer compiles every expression exactly as the API server's
// ValidatingAdmissionPolicy plugin does when it loads a policy (see
// compilePolicy in k8s.io/apiserver/pkg/admission/plugin/policy/validating):
// object and params are dynamic, variables are compiled in order and each
// expression must have the type its field requires.
func compileAsAPIServer(c *compiling, hasParams bool, exprs []expression, mode environment.Type) []Issue {
	var issues []Issue
	for _, e := range exprs {
		opts := plugincel.OptionalVariableDeclarations{HasParams: hasParams, HasAuthorizer: !e.noAuthorizer, HasPatchTypes: e.patchTypes}
		result := c.compiler.CompileCELExpression(e.accessor, opts, mode)
		if e.variable != "" {
			c.addVariable(e.variable, result.OutputType)
		}
		if result.Error != nil {
			issues = append(issues, compilationIssues(e, result.Error)...)
		}
	}
	return issues
}

func compilationIssues(x expression, err *apiservercel.Error) []Issue {
	var ce *apiservercel.CompilationError
	if errors.As(err.Cause, &ce) && ce.Issues != nil {
		return issuesOf(x, ce.Issues)
	}
	return []Issue{{Field: x.field, Expr: x.expr, Message: err.Detail}}
}
