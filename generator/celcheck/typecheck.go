// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"github.com/google/cel-go/cel"

	"k8s.io/apimachinery/pkg/util/version"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/cel/library"
)

// typeCheck compiles the expressions in composition, whose object and
// oldObject are typed by a kind's schema, as kube-controller-manager's type
// checker does (see TypeChecker in
// k8s.io/apiserver/pkg/admission/plugin/policy/validating). Expressions in
// skip already failed to compile and are not reported again.
//
// parsed holds the expressions' syntax trees: an expression is parsed once and
// checked against every kind.
func typeCheck(composition *composition, exprs []expression, skip map[string]bool, parsed map[string]*cel.Ast) ([]Issue, error) {
	var issues []Issue
	for _, e := range exprs {
		env, err := composition.env(environment.StoredExpressions)
		if err != nil {
			return nil, err
		}
		ast, ok := parsed[e.field]
		var iss *cel.Issues
		if !ok {
			ast, iss = env.Parse(e.accessor.GetExpression())
			if iss.Err() == nil {
				parsed[e.field] = ast
			}
		}
		if iss.Err() == nil {
			ast, iss = env.Check(ast)
		}
		var outType *cel.Type
		if iss != nil && iss.Err() != nil {
			if !skip[e.field] {
				issues = append(issues, issuesOf(e, iss)...)
			}
		} else {
			outType = ast.OutputType()
		}
		if e.variable != "" {
			composition.addVariable(e.variable, outType)
		}
	}
	return issues, nil
}

// typedEnvSet is the environment of the type checker: the base environment
// with request and namespaceObject as the API server declares them, object
// and oldObject of the kind's type, params of the param kind's type (dynamic
// when its schema is unknown) and the authorizer.
func typedEnvSet(object, params *apiservercel.DeclType, hasParams bool) (*environment.EnvSet, error) {
	requestType := plugincel.BuildRequestType()
	namespaceType := plugincel.BuildNamespaceType()
	declTypes := []*apiservercel.DeclType{namespaceType, requestType, object}
	opts := []cel.EnvOption{
		cel.Variable(plugincel.NamespaceVarName, namespaceType.CelType()),
		cel.Variable(plugincel.RequestVarName, requestType.CelType()),
		cel.Variable(plugincel.ObjectVarName, object.CelType()),
		cel.Variable(plugincel.OldObjectVarName, object.CelType()),
		cel.Variable(plugincel.AuthorizerVarName, library.AuthorizerType),
		cel.Variable(plugincel.RequestResourceAuthorizerVarName, library.ResourceCheckType),
	}
	if hasParams {
		paramType := cel.DynType
		if params != nil {
			declTypes = append(declTypes, params)
			paramType = params.CelType()
		}
		opts = append(opts, cel.Variable(plugincel.ParamsVarName, paramType))
	}
	return baseEnvSet().Extend(environment.VersionedOptions{
		IntroducedVersion: version.MajorMinor(1, 0),
		EnvOptions:        opts,
		DeclTypes:         declTypes,
	})
}
