// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"fmt"
	"strings"
	"testing"

	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// TestCost measures every generated policy's CEL cost, with the API server's
// cost tracking, on large pods with full security contexts (all compliant, or
// all violating so that message expressions do the most work):
//   - with 100 containers, every program (variable, validation, message
//     expression) must stay under 10% of the per-expression limit;
//   - with 1,000 containers, nothing may exceed the per-expression limit or
//     the per-policy budget, and the evaluator must reach a decision (no
//     policy errors) in a namespace of either profile.
func TestCost(t *testing.T) {
	s := getSuite(t)
	if testing.Short() {
		t.Skip("large pods")
	}
	for _, tc := range []struct {
		containers int
		limit      int64
	}{
		{100, celconfig.PerCallLimit / 10},
		{1000, celconfig.PerCallLimit},
	} {
		for _, violating := range []bool{false, true} {
			pod := psstest.Defaulted(psstest.LargePod(tc.containers, violating))
			var b strings.Builder
			for _, u := range s.units {
				c, err := psstest.Cost(u.Policy, pod, psstest.Namespace("pss-cost", "restricted"))
				if err != nil {
					t.Errorf("%d containers, violating=%v, %s: %v", tc.containers, violating, u.Name, err)
					continue
				}
				m := c.Max()
				if m.Cost > tc.limit {
					t.Errorf("%d containers, violating=%v, %s: %s costs %d, over %d", tc.containers, violating, u.Name, m.Name, m.Cost, tc.limit)
				}
				if c.Total > celconfig.RuntimeCELCostBudget {
					t.Errorf("%d containers, violating=%v, %s: the policy costs %d, over the budget of %d", tc.containers, violating, u.Name, c.Total, celconfig.RuntimeCELCostBudget)
				}
				fmt.Fprintf(&b, "\n  %-58s %8d (%s), policy %8d", u.Name, m.Cost, m.Name, c.Total)
			}
			t.Logf("%d containers, violating=%v: most expensive program per policy (limit %d):%s", tc.containers, violating, tc.limit, b.String())
			for _, profile := range []string{"baseline", "restricted"} {
				d := admit(t, s.all, profile, pod)
				if d.Allowed == violating {
					t.Errorf("%d containers, violating=%v, %s: %s", tc.containers, violating, profile, describe(d))
				}
				for _, r := range d.Results {
					if r.Outcome == evaluator.OutcomeError {
						t.Errorf("%d containers, %s: %s: %s", tc.containers, profile, r.Policy, r.Message)
					}
				}
			}
		}
	}
}
