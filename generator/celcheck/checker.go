// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"errors"
	"fmt"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/util/version"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	apiservercel "k8s.io/apiserver/pkg/cel"
	celcommon "k8s.io/apiserver/pkg/cel/common"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/cel/openapi"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	"k8s.io/client-go/kubernetes/scheme"
	generatedopenapi "k8s.io/kubernetes/pkg/generated/openapi"
)

// Issue is one problem with one expression.
type Issue struct {
	// Field is the policy field holding the expression, e.g.
	// `spec.validations[0].expression`; Expr names the expression.
	Field string
	Expr  Expr
	// Line (1-based) and Column (0-based) inside the expression; Line is 0
	// when the problem concerns the whole expression.
	Line, Column int
	Message      string
	// GVK is the kind the expression was type-checked against; empty for
	// problems found when compiling it as the API server does.
	GVK schema.GroupVersionKind
	// Refusing is set when an API server of the target range refuses the
	// expression in a new policy (the newest such), though it compiles on the
	// newest line: NeedsAPIServer is the first version from which every API
	// server accepts it (nil: none up to Newest), Function the call that
	// needs it, when one is to blame.
	Refusing, NeedsAPIServer *version.Version
	Function                 string
	// Runtime is set on an expression that compiles but that the API server
	// cannot evaluate (optional.go).
	Runtime bool
}

func (i Issue) String() string {
	if i.GVK.Empty() {
		return i.Message
	}
	return fmt.Sprintf("%s (type-checked against %s)", i.Message, gvkString(i.GVK))
}

func gvkString(gvk schema.GroupVersionKind) string {
	if gvk.Group == "" {
		return gvk.Version + " " + gvk.Kind
	}
	return gvk.Group + "/" + gvk.Version + " " + gvk.Kind
}

// Checker compiles and type-checks policies. It is safe for concurrent use;
// checks run one at a time, because they reuse CEL environments, which are
// costly to build.
type Checker struct {
	// Exhaustive compiles every expression with the environment of every
	// API server of the range, instead of stopping at the oldest when it
	// accepts them all.
	Exhaustive bool

	resolver resolver.SchemaResolver
	mu       sync.Mutex
	types    map[schema.GroupVersionKind]*apiservercel.DeclType
	// apiServer compiles as the API server of go.mod's line does when it
	// loads a policy; written holds, per API server minor version, the
	// environment it checks new expressions with when a policy is written;
	// typed holds one environment per checked kind and param kind. Their
	// variables are reset per policy.
	apiServer *compiling
	written   map[uint]*compiling
	typed     map[typedKey]*composition
}

// compiling is a composition with the API server's compiler on it.
type compiling struct {
	*composition
	compiler plugincel.Compiler
}

type typedKey struct {
	object, params schema.GroupVersionKind
	hasParams      bool
}

// New returns a checker that resolves the schemas of built-in kinds from the
// API server's generated OpenAPI definitions, as kube-controller-manager does.
func New() *Checker {
	return &Checker{
		resolver: resolver.NewDefinitionsSchemaResolver(generatedopenapi.GetOpenAPIDefinitions, scheme.Scheme),
		types:    map[schema.GroupVersionKind]*apiservercel.DeclType{},
		written:  map[uint]*compiling{},
		typed:    map[typedKey]*composition{},
	}
}

// Check compiles every expression of the policy as the API server would,
// checks that every API server of the range accepts it when the policy is
// written, then type-checks those that compile against each of the given
// kinds.
func (c *Checker) Check(policy *admissionregistrationv1.ValidatingAdmissionPolicy, kinds []schema.GroupVersionKind, r Range) ([]Issue, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	exprs := expressionsOf(&policy.Spec)
	compiler, err := c.apiServerCompiler()
	if err != nil {
		return nil, err
	}
	issues := compileAsAPIServer(compiler, policy.Spec.ParamKind != nil, exprs, environment.StoredExpressions)
	broken := map[string]bool{}
	for _, is := range issues {
		broken[is.Field] = true
	}
	versioned, err := c.checkVersions(policy.Spec.ParamKind != nil, exprs, broken, r)
	if err != nil {
		return nil, err
	}
	issues = append(issues, versioned...)
	key := typedKey{hasParams: policy.Spec.ParamKind != nil}
	var params *apiservercel.DeclType
	if pk := policy.Spec.ParamKind; pk != nil {
		gv, err := schema.ParseGroupVersion(pk.APIVersion)
		if err != nil {
			return nil, fmt.Errorf("paramKind.apiVersion: %w", err)
		}
		key.params = gv.WithKind(pk.Kind)
		params, err = c.declType(key.params)
		if err != nil && !errors.Is(err, resolver.ErrSchemaNotFound) {
			return nil, err
		}
	}
	parsed := map[string]*cel.Ast{}
	for _, gvk := range kinds {
		object, err := c.declType(gvk)
		if errors.Is(err, resolver.ErrSchemaNotFound) {
			// As kube-controller-manager: a kind without a schema is not checked.
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("schema of %s: %w", gvkString(gvk), err)
		}
		key.object = gvk
		env, err := c.typedEnv(key, object, params)
		if err != nil {
			return nil, err
		}
		typed, err := typeCheck(env, exprs, broken, parsed)
		if err != nil {
			return nil, err
		}
		for i := range typed {
			typed[i].GVK = gvk
		}
		issues = append(issues, typed...)
	}
	return appendUnreported(issues, optionalMisuse(exprs, broken)), nil
}

func (c *Checker) apiServerCompiler() (*compiling, error) {
	if c.apiServer == nil {
		comp, err := newCompiling(baseEnvSet())
		if err != nil {
			return nil, err
		}
		c.apiServer = comp
	}
	c.apiServer.reset()
	return c.apiServer, nil
}

// writtenCompiler is the compiler of new expressions of a v1.N API server.
func (c *Checker) writtenCompiler(apiServer *version.Version) (*compiling, error) {
	comp, ok := c.written[apiServer.Minor()]
	if !ok {
		var err error
		if comp, err = newCompiling(environment.MustBaseEnvSet(newExpressionsCompatibility(apiServer))); err != nil {
			return nil, err
		}
		c.written[apiServer.Minor()] = comp
	}
	comp.reset()
	return comp, nil
}

func newCompiling(base *environment.EnvSet) (*compiling, error) {
	comp, err := newComposition(base)
	if err != nil {
		return nil, fmt.Errorf("building the CEL environment: %w", err)
	}
	return &compiling{composition: comp, compiler: comp.apiServerCompiler()}, nil
}

func (c *Checker) typedEnv(key typedKey, object, params *apiservercel.DeclType) (*composition, error) {
	env, ok := c.typed[key]
	if !ok {
		envSet, err := typedEnvSet(object, params, key.hasParams)
		if err != nil {
			return nil, err
		}
		if env, err = newComposition(envSet); err != nil {
			return nil, err
		}
		c.typed[key] = env
	}
	env.reset()
	return env, nil
}

// declType builds (once per kind) the CEL type of a kind from its schema.
// The caller holds c.mu.
func (c *Checker) declType(gvk schema.GroupVersionKind) (*apiservercel.DeclType, error) {
	if t, ok := c.types[gvk]; ok {
		return t, nil
	}
	s, err := c.resolver.ResolveSchema(gvk)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("%s_%s_%s", gvk.Group, gvk.Version, gvk.Kind)
	t := celcommon.SchemaDeclType(&openapi.Schema{Schema: typedQuantities(s)}, true).MaybeAssignTypeName(name)
	c.types[gvk] = t
	return t, nil
}

// issuesOf turns CEL issues into Issues of one expression.
func issuesOf(x expression, issues *cel.Issues) []Issue {
	var out []Issue
	for _, e := range issues.Errors() {
		out = append(out, issueAt(x, e))
	}
	return out
}

func issueAt(x expression, e *common.Error) Issue {
	loc := e.Location
	if loc == nil || loc.Line() <= 0 {
		return Issue{Field: x.field, Expr: x.expr, Message: e.Message}
	}
	return Issue{Field: x.field, Expr: x.expr, Line: loc.Line(), Column: loc.Column(), Message: e.Message}
}

// ExprKind is the kind of CEL expression of a policy.
type ExprKind string

const (
	Variable          ExprKind = "variable"
	MatchCondition    ExprKind = "matchCondition"
	Validation        ExprKind = "validation"
	MessageExpression ExprKind = "messageExpression"
	AuditAnnotation   ExprKind = "auditAnnotation"
)

// Expr names one expression of a policy: its kind, its index in its list
// and, for a variable or matchCondition, its name (an audit annotation's key).
type Expr struct {
	Kind  ExprKind
	Index int
	Name  string
}

// expression is one CEL expression of a policy, typed as the API server
// compiles it.
type expression struct {
	field    string
	expr     Expr
	accessor plugincel.ExpressionAccessor
	// variable is set for spec.variables entries.
	variable string
	// noAuthorizer is set for message expressions, which cannot use it.
	noAuthorizer bool
	// patchTypes is set for mutations, which build patches.
	patchTypes bool
}

func expressionsOf(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec) []expression {
	at := field.NewPath("spec")
	out := sharedExpressions(spec.Variables, spec.MatchConditions, at)
	for i, v := range spec.Validations {
		val := at.Child("validations").Index(i)
		out = append(out, expression{field: val.Child("expression").String(), expr: Expr{Kind: Validation, Index: i},
			accessor: &validating.ValidationCondition{Expression: v.Expression}})
		if v.MessageExpression != "" {
			out = append(out, expression{field: val.Child("messageExpression").String(), expr: Expr{Kind: MessageExpression, Index: i},
				accessor: &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}, noAuthorizer: true})
		}
	}
	for i, a := range spec.AuditAnnotations {
		out = append(out, expression{field: at.Child("auditAnnotations").Index(i).Child("valueExpression").String(), expr: Expr{Kind: AuditAnnotation, Index: i, Name: a.Key},
			accessor: &validating.AuditAnnotationCondition{Key: a.Key, ValueExpression: a.ValueExpression}})
	}
	return out
}

// sharedExpressions are the variables and matchConditions at spec, which
// validating and mutating policies have alike.
func sharedExpressions(variables []admissionregistrationv1.Variable, conditions []admissionregistrationv1.MatchCondition, at *field.Path) []expression {
	var out []expression
	for i, v := range variables {
		out = append(out, expression{field: at.Child("variables").Index(i).Child("expression").String(), expr: Expr{Kind: Variable, Index: i, Name: v.Name},
			accessor: &validating.Variable{Name: v.Name, Expression: v.Expression}, variable: v.Name})
	}
	for i, m := range conditions {
		out = append(out, expression{field: at.Child("matchConditions").Index(i).Child("expression").String(), expr: Expr{Kind: MatchCondition, Index: i, Name: m.Name},
			accessor: &matchconditions.MatchCondition{Name: m.Name, Expression: m.Expression}})
	}
	return out
}

// Text is the text of a policy's expression.
func (e Expr) Text(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec) string {
	if t := e.text(spec); t != nil {
		return *t
	}
	return ""
}

func (e Expr) text(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec) *string {
	switch e.Kind {
	case Variable:
		return &spec.Variables[e.Index].Expression
	case MatchCondition:
		return &spec.MatchConditions[e.Index].Expression
	case Validation:
		return &spec.Validations[e.Index].Expression
	case MessageExpression:
		return &spec.Validations[e.Index].MessageExpression
	case AuditAnnotation:
		return &spec.AuditAnnotations[e.Index].ValueExpression
	}
	return nil
}
