// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"context"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/cel/environment"
)

// ExpressionCost is the run-time cost of one CEL program of a policy.
type ExpressionCost struct {
	// Name is "variables.<name>", "matchConditions[i]",
	// "validations[i].expression" or "validations[i].messageExpression".
	Name string
	// Cost includes the variables the expression uses (each variable is its
	// own program, so this bounds the program's own cost from above).
	Cost int64
}

// PolicyCost is what one ValidatingAdmissionPolicy costs on one request.
type PolicyCost struct {
	Expressions []ExpressionCost
	// Total is what the validations and message expressions together take
	// from the per-policy budget (celconfig.RuntimeCELCostBudget).
	Total int64
	// MatchTotal is what the matchConditions together take from their own
	// budget (celconfig.RuntimeCELCostBudgetMatchConditions).
	MatchTotal int64
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

// CostRequest is the request a policy's cost is measured on.
type CostRequest struct {
	// Object and, for UPDATE, OldObject, in their version and defaulted;
	// *unstructured.Unstructured saves converting them for every program.
	Object, OldObject runtime.Object
	GVK               schema.GroupVersionKind
	GVR               schema.GroupVersionResource
	SubResource       string
	Operation         admission.Operation // CREATE when empty
	Namespace         *corev1.Namespace
}

// Cost measures a policy's CEL cost on a pod with the API server's own
// compiler and cost tracking (the same environment and accounting as
// validating/plugin.go). The pod should be defaulted. An expression that
// fails (for example by exceeding the per-expression limit) is an error.
func Cost(policy *admissionregistrationv1.ValidatingAdmissionPolicy, pod *corev1.Pod, ns *corev1.Namespace) (PolicyCost, error) {
	pod = pod.DeepCopy()
	pod.Namespace = ns.Name
	return NewCostMeter(policy).Measure(CostRequest{
		Object:    pod,
		GVK:       schema.GroupVersionKind{Version: "v1", Kind: "Pod"},
		GVR:       schema.GroupVersionResource{Version: "v1", Resource: "pods"},
		Operation: admission.Create,
		Namespace: ns,
	})
}

// CostMeter measures one policy's cost on any request (a workload, an
// UPDATE, a subresource), compiling its programs once. The policy's
// matchConditions are measured too, as the programs "matchConditions[i]",
// and together in MatchTotal. Measure may be called concurrently.
type CostMeter struct {
	// programs are measured one by one, in order.
	programs []costProgram
	// conditions, validations and messages are run together, as the API
	// server runs them.
	conditions, validations, messages cel.ConditionEvaluator
	// single: the policy has one matchCondition, measured by conditions.
	single bool
}

type costProgram struct {
	name string
	eval cel.ConditionEvaluator
}

// NewCostMeter compiles a policy's programs.
func NewCostMeter(policy *admissionregistrationv1.ValidatingAdmissionPolicy) *CostMeter {
	vars := cel.OptionalVariableDeclarations{HasAuthorizer: true}
	compile := func(exprs []cel.ExpressionAccessor) cel.ConditionEvaluator {
		fc, err := cel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
		if err != nil {
			panic(err) // the API server's own base environment
		}
		var named []cel.NamedExpressionAccessor
		for _, v := range policy.Spec.Variables {
			named = append(named, &validating.Variable{Name: v.Name, Expression: v.Expression})
		}
		fc.CompileAndStoreVariables(named, vars, environment.StoredExpressions)
		return fc.CompileCondition(exprs, vars, environment.StoredExpressions)
	}
	m := &CostMeter{}
	// Each program alone. Variables are measured through an expression that
	// only reads them; message expressions as string-valued conditions.
	one := func(name, expr string) {
		m.programs = append(m.programs, costProgram{name, compile([]cel.ExpressionAccessor{&validating.MessageExpressionCondition{MessageExpression: expr}})})
	}
	for _, v := range policy.Spec.Variables {
		one("variables."+v.Name, fmt.Sprintf("type(variables.%[1]s) == type(variables.%[1]s) ? %q : %q", v.Name, "", ""))
	}
	var conditions, validations, messages []cel.ExpressionAccessor
	for i, mc := range policy.Spec.MatchConditions {
		// A single condition is measured by the run of all (in Measure).
		if len(policy.Spec.MatchConditions) > 1 {
			one(fmt.Sprintf("matchConditions[%d]", i), "string("+mc.Expression+")")
		}
		conditions = append(conditions, &validating.ValidationCondition{Expression: mc.Expression})
	}
	for i, v := range policy.Spec.Validations {
		one(fmt.Sprintf("validations[%d].expression", i), "string("+v.Expression+")")
		validations = append(validations, &validating.ValidationCondition{Expression: v.Expression})
		if v.MessageExpression != "" {
			one(fmt.Sprintf("validations[%d].messageExpression", i), v.MessageExpression)
			messages = append(messages, &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression})
		}
	}
	if len(conditions) > 0 {
		m.conditions = compile(conditions)
		m.single = len(conditions) == 1
	}
	m.validations, m.messages = compile(validations), compile(messages)
	return m
}

// Measure runs the policy's programs on a request. An expression that fails
// (for example by exceeding the per-expression limit) is an error.
func (m *CostMeter) Measure(r CostRequest) (PolicyCost, error) {
	op := r.Operation
	if op == "" {
		op = admission.Create
	}
	var opts runtime.Object = &metav1.CreateOptions{}
	if op == admission.Update {
		opts = &metav1.UpdateOptions{}
	}
	obj, ok := r.Object.(metav1.Object)
	if !ok {
		return PolicyCost{}, fmt.Errorf("%T has no metadata", r.Object)
	}
	ns := r.Namespace
	attr := admission.NewAttributesRecord(r.Object, r.OldObject, r.GVK, ns.Name, obj.GetName(), r.GVR, r.SubResource, op, opts, false, nil)
	va := &admission.VersionedAttributes{Attributes: attr, VersionedKind: r.GVK, VersionedObject: admission.NewLazyObject(r.Object), VersionedOldObject: admission.NewLazyObject(r.OldObject)}
	req := cel.CreateAdmissionRequest(attr, metav1.GroupVersionResource(r.GVR), metav1.GroupVersionKind(r.GVK))
	nsObj := cel.CreateNamespaceObject(ns)
	run := func(name string, eval cel.ConditionEvaluator, budget int64) (int64, error) {
		results, remaining, err := eval.ForInput(context.Background(), va, req, cel.OptionalVariableBindings{}, nsObj, budget)
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
	for _, p := range m.programs {
		c, err := run(p.name, p.eval, celconfig.RuntimeCELCostBudget)
		if err != nil {
			return out, err
		}
		out.Expressions = append(out.Expressions, ExpressionCost{Name: p.name, Cost: c})
	}
	if m.conditions != nil {
		// All matchConditions share one budget of their own.
		c, err := run("matchConditions", m.conditions, celconfig.RuntimeCELCostBudgetMatchConditions)
		if err != nil {
			return out, err
		}
		out.MatchTotal = c
		if m.single {
			out.Expressions = append(out.Expressions, ExpressionCost{Name: "matchConditions[0]", Cost: c})
		}
	}
	// The whole policy, as the validator runs it: validations first, then the
	// message expressions (always evaluated) from what is left of the budget.
	// Separate compilations do not share variable results, so this
	// over-counts variables the messages reuse: an upper bound.
	c1, err := run("validations", m.validations, celconfig.RuntimeCELCostBudget)
	if err != nil {
		return out, err
	}
	c2, err := run("messageExpressions", m.messages, celconfig.RuntimeCELCostBudget-c1)
	if err != nil {
		return out, err
	}
	out.Total = c1 + c2
	return out, nil
}
