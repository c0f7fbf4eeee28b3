// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"fmt"
	goruntime "runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// Issue 5: the CEL runtime cost of every generated policy (pod policies,
// pod-template policies, overlay copies) on pods with 1 to 1,000 containers
// (psstest.LargePod: full security contexts, compliant or violating
// everything) plus the ephemeral container kubectl debug adds, measured with
// the API server's cost accounting (psstest.CostMeter), matchConditions
// included.
//
// `go test -run TestCELCostTable -v ./proof/` prints the table.

var costSizes = []int{1, 10, 100, 1000}

// costRow is the worst a policy costs at each size.
type costRow struct {
	policy string
	max    map[int]psstest.ExpressionCost // most expensive program
	total  map[int]int64                  // validations + messages
	match  map[int]int64                  // matchConditions
}

func TestCELCostTable(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large pods")
	}
	f := repo.get(t)
	var policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	var pods, templates, overlays int
	for _, u := range f.units {
		if u.Name == generator.GuardName {
			continue
		}
		for _, p := range u.Policies {
			if !inScope(p) {
				continue
			}
			policies = append(policies, p)
			if p.Annotations[generator.PodTemplateAnnotation] == "" {
				pods++
			} else {
				templates++
			}
			if u.Overlay != "" {
				overlays++
			}
		}
	}
	if pods == 0 || templates != 3*pods || overlays == 0 {
		t.Errorf("measuring %d pod, %d pod-template, %d overlay policies: want 3 template policies per pod policy, overlays included", pods, templates, overlays)
	}
	// The per-profile layout's policies hold many rules each: their whole
	// cost must fit one policy's budget.
	for _, u := range perProfile.get(t).units {
		for _, p := range u.Policies {
			if u.Name != generator.GuardName && inScope(p) {
				policies = append(policies, p)
			}
		}
	}
	reqs := costRequests(namespace("mw-api", "profile", "restricted"))
	rows := make([]*costRow, len(policies))
	errs := make([][]error, len(policies))
	parallel(len(policies), func(i int) {
		p := policies[i]
		row := &costRow{policy: p.Name, max: map[int]psstest.ExpressionCost{}, total: map[int]int64{}, match: map[int]int64{}}
		rows[i] = row
		meter := psstest.NewCostMeter(p)
		for _, n := range costSizes {
			for _, r := range reqs[costKey{p.Annotations[generator.PodTemplateAnnotation], n}] {
				c, err := meter.Measure(r.CostRequest)
				if err != nil {
					errs[i] = append(errs[i], fmt.Errorf("%s, %d containers, %s: %w", p.Name, n, r.what, err))
					continue
				}
				if m := c.Max(); m.Cost >= row.max[n].Cost {
					row.max[n] = m
				}
				row.total[n] = max(row.total[n], c.Total)
				row.match[n] = max(row.match[n], c.MatchTotal)
			}
		}
	})
	for _, e := range errs {
		for _, err := range e {
			t.Error(err)
		}
	}
	for _, r := range rows {
		if c := r.max[100]; c.Cost > celconfig.PerCallLimit/10 {
			t.Errorf("%s: 100 containers: %s costs %d, over 10%% of the per-expression limit %d", r.policy, c.Name, c.Cost, celconfig.PerCallLimit)
		}
		if c := r.max[1000]; c.Cost > celconfig.PerCallLimit {
			t.Errorf("%s: 1,000 containers: %s costs %d, over the per-expression limit %d", r.policy, c.Name, c.Cost, celconfig.PerCallLimit)
		}
		if c := r.total[1000]; c > celconfig.RuntimeCELCostBudget {
			t.Errorf("%s: 1,000 containers: the policy costs %d, over the budget %d", r.policy, c, celconfig.RuntimeCELCostBudget)
		}
		if c := r.match[1000]; c > celconfig.RuntimeCELCostBudgetMatchConditions {
			t.Errorf("%s: 1,000 containers: matchConditions cost %d, over their budget %d", r.policy, c, celconfig.RuntimeCELCostBudgetMatchConditions)
		}
	}
	t.Log(costTable(rows))
}

// costKey selects the requests for a policy: its pod-template path ("" for
// pods) and the number of containers.
type costKey struct {
	path string
	n    int
}

type costRequest struct {
	psstest.CostRequest
	what string
}

// costRequests are the requests each kind of policy is measured on, for
// every size, compliant and violating: the UPDATE that makes its
// matchConditions do the most (kubectl debug adds an ephemeral container
// after all others; the template gets it). Every program is measured on its
// own, whatever the matchConditions decide, so this also measures what a
// CREATE of the new object costs.
func costRequests(ns *corev1.Namespace) map[costKey][]costRequest {
	out := map[costKey][]costRequest{}
	for _, n := range costSizes {
		for _, violating := range []bool{false, true} {
			pod := psstest.Defaulted(psstest.LargePod(n, violating))
			pod.Namespace = ns.Name
			debugged := debug(pod, restrictedSC())
			what := fmt.Sprintf("violating=%v", violating)
			for path, kind := range map[string]string{"": "Pod", "spec.template": "Deployment", "spec.jobTemplate.spec.template": "CronJob", "template": "PodTemplate"} {
				var obj, old object = debugged, pod
				sub := "ephemeralcontainers"
				if kind != "Pod" {
					obj, old, sub = wrap(kind, debugged), wrap(kind, pod), ""
					obj.SetNamespace(ns.Name)
					old.SetNamespace(ns.Name)
				}
				gvk := obj.GetObjectKind().GroupVersionKind()
				gvr := gvk.GroupVersion().WithResource(strings.ToLower(kind) + "s")
				k := costKey{path, n}
				out[k] = append(out[k], costRequest{psstest.CostRequest{Object: toUnstructured(obj), OldObject: toUnstructured(old), GVK: gvk, GVR: gvr, SubResource: sub, Operation: admission.Update, Namespace: ns}, what})
			}
		}
	}
	return out
}

func toUnstructured(o object) *unstructured.Unstructured {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
	if err != nil {
		panic(err)
	}
	return &unstructured.Unstructured{Object: m}
}

// parallel runs f(0..n-1) on every core.
func parallel(n int, f func(int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < goruntime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func costTable(rows []*costRow) string {
	sort.Slice(rows, func(i, j int) bool { return rows[i].max[1000].Cost > rows[j].max[1000].Cost })
	var b strings.Builder
	fmt.Fprintf(&b, "most expensive program per policy (API server cost units; per-expression limit %d, per-policy budget %d, matchConditions budget %d)\n",
		celconfig.PerCallLimit, celconfig.RuntimeCELCostBudget, celconfig.RuntimeCELCostBudgetMatchConditions)
	fmt.Fprintf(&b, "%-66s %6s %7s %8s %9s %6s  %-34s %10s %6s %9s\n", "policy", "n=1", "n=10", "n=100", "n=1000", "%limit", "program (n=1000)", "policy", "%budget", "matchConds")
	for _, r := range rows {
		m := r.max[1000]
		fmt.Fprintf(&b, "%-66s %6d %7d %8d %9d %5.1f%%  %-34s %10d %5.1f%% %9d\n", r.policy, r.max[1].Cost, r.max[10].Cost, r.max[100].Cost, m.Cost,
			100*float64(m.Cost)/celconfig.PerCallLimit, m.Name, r.total[1000], 100*float64(r.total[1000])/celconfig.RuntimeCELCostBudget, r.match[1000])
	}
	return b.String()
}
