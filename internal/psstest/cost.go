package psstest

import (
	"context"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/cel/environment"
)

// ExpressionCost is the run-time cost of one CEL program of a policy.
type ExpressionCost struct {
	// Name is "variables.<name>", "validations[i].expression" or
	// "validations[i].messageExpression".
	Name string
	// Cost includes the variables the expression uses (each variable is its
	// own program, so this bounds the program's own cost from above).
	Cost int64
}

// PolicyCost is what one ValidatingAdmissionPolicy costs on one pod.
type PolicyCost struct {
	Expressions []ExpressionCost
	// Total is what the validations and message expressions together take
	// from the per-policy budget (celconfig.RuntimeCELCostBudget).
	Total int64
}

// Max returns the most expensive program.
func (c PolicyCost) Max() ExpressionCost {
	var m ExpressionCost
	for _, e := range c.Expressions {
		if e.Cost > m.Cost {
			m = e
		}
	}
	return m
}

var costEnv = func() *cel.CompositionEnv {
	env, err := cel.NewCompositionEnv(cel.VariablesTypeName, environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		panic(err)
	}
	return env
}()

// Cost measures a policy's CEL cost on a pod with the API server's own
// compiler and cost tracking (the same environment and accounting as
// validating/plugin.go). The pod should be defaulted. An expression that
// fails (for example by exceeding the per-expression limit) is an error.
func Cost(policy *admissionregistrationv1.ValidatingAdmissionPolicy, pod *corev1.Pod, ns *corev1.Namespace) (PolicyCost, error) {
	pod = pod.DeepCopy()
	pod.Namespace = ns.Name
	gvk := schema.GroupVersionKind{Version: "v1", Kind: "Pod"}
	gvr := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	attr := admission.NewAttributesRecord(pod, nil, gvk, ns.Name, pod.Name, gvr, "", admission.Create, &metav1.CreateOptions{}, false, nil)
	va := &admission.VersionedAttributes{Attributes: attr, VersionedKind: gvk, VersionedObject: pod}
	req := cel.CreateAdmissionRequest(attr, metav1.GroupVersionResource(gvr), metav1.GroupVersionKind(gvk))
	nsObj := cel.CreateNamespaceObject(ns)
	vars := cel.OptionalVariableDeclarations{HasAuthorizer: true}

	compile := func(exprs []cel.ExpressionAccessor) cel.ConditionEvaluator {
		fc := cel.NewCompositedCompilerFromTemplate(costEnv)
		var named []cel.NamedExpressionAccessor
		for _, v := range policy.Spec.Variables {
			named = append(named, &validating.Variable{Name: v.Name, Expression: v.Expression})
		}
		fc.CompileAndStoreVariables(named, vars, environment.StoredExpressions)
		return fc.CompileCondition(exprs, vars, environment.StoredExpressions)
	}
	run := func(name string, exprs []cel.ExpressionAccessor, budget int64) (int64, error) {
		results, remaining, err := compile(exprs).ForInput(context.Background(), va, req, cel.OptionalVariableBindings{}, nsObj, budget)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		for _, r := range results {
			if r.Error != nil {
				return 0, fmt.Errorf("%s: %w", name, r.Error)
			}
		}
		return budget - remaining, nil
	}

	var out PolicyCost
	// Each program alone. Variables are measured through an expression that
	// only reads them; message expressions as string-valued conditions.
	one := func(name, expr string) error {
		c, err := run(name, []cel.ExpressionAccessor{&validating.MessageExpressionCondition{MessageExpression: expr}}, celconfig.RuntimeCELCostBudget)
		if err != nil {
			return err
		}
		out.Expressions = append(out.Expressions, ExpressionCost{Name: name, Cost: c})
		return nil
	}
	for _, v := range policy.Spec.Variables {
		if err := one("variables."+v.Name, fmt.Sprintf("type(variables.%[1]s) == type(variables.%[1]s) ? %q : %q", v.Name, "", "")); err != nil {
			return out, err
		}
	}
	var validations, messages []cel.ExpressionAccessor
	for i, v := range policy.Spec.Validations {
		if err := one(fmt.Sprintf("validations[%d].expression", i), "string("+v.Expression+")"); err != nil {
			return out, err
		}
		validations = append(validations, &validating.ValidationCondition{Expression: v.Expression})
		if v.MessageExpression != "" {
			if err := one(fmt.Sprintf("validations[%d].messageExpression", i), v.MessageExpression); err != nil {
				return out, err
			}
			messages = append(messages, &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression})
		}
	}
	// The whole policy, as the validator runs it: validations first, then the
	// message expressions (always evaluated) from what is left of the budget.
	// Separate compilations do not share variable results, so this
	// over-counts variables the messages reuse: an upper bound.
	c1, err := run("validations", validations, celconfig.RuntimeCELCostBudget)
	if err != nil {
		return out, err
	}
	c2, err := run("messageExpressions", messages, celconfig.RuntimeCELCostBudget-c1)
	if err != nil {
		return out, err
	}
	out.Total = c1 + c2
	return out, nil
}
