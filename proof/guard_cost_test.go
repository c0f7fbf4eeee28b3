// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// TestLabelGuardCost: the label guard's CEL cost (psstest.CostMeter, the API
// server's accounting) on namespaces with 1 to 5,000 labels under the
// prefix, all new and invalid (the most a message lists and sorts), and on
// an update that keeps them: every program stays within the per-expression
// limit and the policy within its budget, messages included, so the guard
// decides with its own message and never by running out of budget.
//
// `go test -run TestLabelGuardCost -v ./proof/` prints the figures.
func TestLabelGuardCost(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	meter := psstest.NewCostMeter(f.unit(t, generator.GuardName).Policies[0])
	gvk := schema.GroupVersionKind{Version: "v1", Kind: "Namespace"}
	gvr := schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}
	for _, n := range []int{1, 10, 100, 1000, 5000} {
		var kv []string
		for i := 0; i < n; i++ {
			kv = append(kv, fmt.Sprintf("zz-%05d", (i*7919)%100000), "x")
		}
		ns := namespace("shop", kv...)
		for _, r := range []struct {
			what string
			old  *corev1.Namespace
		}{{"create", nil}, {"update keeping them", ns}, {"update adding them", namespace("shop")}} {
			cr := psstest.CostRequest{Object: toUnstructured(ns), GVK: gvk, GVR: gvr, Operation: admission.Create, Namespace: ns}
			if r.old != nil {
				cr.OldObject, cr.Operation = toUnstructured(r.old), admission.Update
			}
			c, err := meter.Measure(cr)
			if err != nil {
				t.Errorf("%d labels, %s: %v", n, r.what, err)
				continue
			}
			if m := c.Max(); m.Cost > celconfig.PerCallLimit {
				t.Errorf("%d labels, %s: %s costs %d, over the per-expression limit %d", n, r.what, m.Name, m.Cost, celconfig.PerCallLimit)
			}
			if c.Total > celconfig.RuntimeCELCostBudget {
				t.Errorf("%d labels, %s: the policy costs %d, over the budget %d", n, r.what, c.Total, celconfig.RuntimeCELCostBudget)
			}
			t.Logf("%5d labels, %-19s: most expensive %s %d, policy %d", n, r.what, c.Max().Name, c.Max().Cost, c.Total)
		}
	}
}
