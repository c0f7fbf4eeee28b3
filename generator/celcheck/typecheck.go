package celcheck

import (
	"github.com/google/cel-go/cel"

	"k8s.io/apimachinery/pkg/util/version"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/cel/library"
)

// typeCheck compiles the expressions with object and oldObject typed by the
// kind's schema, as kube-controller-manager's type checker does (see
// TypeChecker in k8s.io/apiserver/pkg/admission/plugin/policy/validating).
// Expressions in skip already failed to compile and are not reported again.
func typeCheck(exprs []expression, object, params *apiservercel.DeclType, hasParams bool, skip map[string]bool) ([]Issue, error) {
	envSet, err := typedEnvSet(object, params, hasParams)
	if err != nil {
		return nil, err
	}
	composition, err := plugincel.NewCompositionEnv(plugincel.VariablesTypeName, envSet)
	if err != nil {
		return nil, err
	}
	var issues []Issue
	for _, e := range exprs {
		env, err := composition.Env(environment.StoredExpressions)
		if err != nil {
			return nil, err
		}
		ast, iss := env.Compile(e.accessor.GetExpression())
		var outType *cel.Type
		if iss != nil && iss.Err() != nil {
			if !skip[e.field] {
				issues = append(issues, issuesOf(e.field, iss)...)
			}
		} else {
			outType = ast.OutputType()
		}
		if e.variable != "" {
			composition.AddField(e.variable, outType)
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
