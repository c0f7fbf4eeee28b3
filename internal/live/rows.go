// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"slices"
	"sort"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/evaluator/report"
)

// Row is what one policy, or one rule of a policy that holds several (the
// per-profile layout), says about an object: one result of its report.
type Row struct {
	Policy string
	// Rule is the rule's name (its opt-out label without the prefix), ""
	// when no opt-out label lifts the policy.
	Rule   string
	OptOut string // the opt-out label, <prefix>/<rule>
	Result string // pass, fail, warn, error or skip (report.ResultOf)
	// Message of the first failure (for rows from pods, of the failing pod
	// that sorts first, as "pod <name>: <message>").
	Message string
	// Denies: the row failed under a binding that denies.
	Denies   bool
	Bindings []string
	Actions  []string
	// Pods and FailingPods count, for rows that come from a workload's
	// pods, how many pods the row judged and how many failed.
	Pods, FailingPods int
	pod               string // the pod Message is about
}

// rank orders results from the least to the most severe.
var rank = map[string]int{"skip": 0, "pass": 1, "warn": 2, "fail": 3, "error": 4}

// rowsOf turns one policy and binding result into rows: one per rule of a
// policy whose validations each read an opt-out label, else one.
func (r *Rules) rowsOf(res evaluator.Result) []Row {
	base := Row{Policy: res.Policy, Result: report.ResultOf(res), Message: res.Message}
	if res.Binding != "" {
		base.Bindings = []string{res.Binding}
	}
	for _, a := range res.Actions {
		base.Actions = append(base.Actions, string(a))
	}
	denies := slices.Contains(res.Actions, admissionregistrationv1.Deny)
	keys := r.byValidation[res.Policy]
	if keys == nil || res.Outcome == evaluator.OutcomeError && len(res.Failures) == 0 {
		base.OptOut = r.byBinding[res.Binding]
		base.Rule = r.RuleName(base.OptOut)
		base.Denies = denies && failed(base.Result)
		return []Row{base}
	}
	var rows []Row
	index := map[string]int{}
	for _, k := range keys {
		if _, seen := index[k]; seen || k == "" {
			continue
		}
		row := base
		row.OptOut, row.Rule, row.Message = k, r.RuleName(k), ""
		if res.Outcome == evaluator.OutcomeFail || res.Outcome == evaluator.OutcomeError {
			row.Result = "pass"
		}
		index[k] = len(rows)
		rows = append(rows, row)
	}
	for _, f := range res.Failures {
		key := ""
		if f.Validation >= 0 && f.Validation < len(keys) {
			key = keys[f.Validation]
		}
		i, ok := index[key]
		if !ok {
			row := base
			row.OptOut, row.Rule, row.Message = key, r.RuleName(key), ""
			index[key], i = len(rows), len(rows)
			rows = append(rows, row)
		}
		result := "error"
		if f.Outcome == evaluator.OutcomeFail {
			result = report.ResultOf(evaluator.Result{Outcome: evaluator.OutcomeFail, Actions: res.Actions})
		}
		if rank[result] > rank[rows[i].Result] || rows[i].Message == "" && failed(result) {
			rows[i].Result, rows[i].Message = result, f.Message
		}
		rows[i].Denies = denies
	}
	return rows
}

// failed reports whether a result is a failure (fail, warn or error).
func failed(result string) bool { return rank[result] >= rank["warn"] }

// mergeRows adds rows into a resource's rows: one row per policy and rule,
// the most severe result, the union of bindings and actions.
func mergeRows(into []Row, rows []Row) []Row {
	for _, row := range rows {
		i := slices.IndexFunc(into, func(r Row) bool { return r.Policy == row.Policy && r.Rule == row.Rule })
		if i < 0 {
			into = append(into, row)
			continue
		}
		into[i] = merge(into[i], row)
	}
	return into
}

func merge(a, b Row) Row {
	switch {
	case rank[b.Result] > rank[a.Result]:
		a.Result, a.Message, a.pod = b.Result, b.Message, b.pod
	case rank[b.Result] == rank[a.Result] && a.pod != "" && (b.pod == "" || b.pod < a.pod):
		// the object's own result first, then the pod that sorts first
		a.Message, a.pod = b.Message, b.pod
	}
	a.Denies = a.Denies || b.Denies
	a.Bindings = union(a.Bindings, b.Bindings)
	a.Actions = union(a.Actions, b.Actions)
	a.Pods += b.Pods
	a.FailingPods += b.FailingPods
	return a
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// sortRows orders rows by policy and rule.
func sortRows(rows []Row) {
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Policy != rows[j].Policy {
			return rows[i].Policy < rows[j].Policy
		}
		return rows[i].Rule < rows[j].Rule
	})
}
