// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"slices"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
)

// aggregator collects judged objects into resources; one goroutine only.
type aggregator struct {
	rules     *Rules
	resources map[types.UID]*Resource
	judged    int
	pods      int
}

func newAggregator(rules *Rules) *aggregator {
	return &aggregator{rules: rules, resources: map[types.UID]*Resource{}}
}

// key of a resource: its UID, or (objects without one, as in tests) its
// reference.
func key(ref corev1.ObjectReference) types.UID {
	if ref.UID != "" {
		return ref.UID
	}
	return types.UID(ref.APIVersion + "/" + ref.Kind + "/" + ref.Namespace + "/" + ref.Name)
}

func (a *aggregator) add(r judged) {
	a.judged++
	if r.pod != "" || r.at.Kind == "Pod" {
		a.pods++
	}
	res := a.resources[key(r.at)]
	if res == nil {
		res = &Resource{Ref: r.at}
		a.resources[key(r.at)] = res
	}
	if r.pod != "" {
		res.Pods++
	}
	if r.err != nil {
		switch {
		case r.pod == "":
			res.Err, res.errPod = r.err.Error(), ""
		case res.Err == "" || res.errPod != "" && r.pod < res.errPod:
			res.Err, res.errPod = "pod "+r.pod+": "+r.err.Error(), r.pod
		}
		return
	}
	d := r.decision
	for _, w := range d.Warnings {
		if !slices.Contains(res.Warnings, w) {
			res.Warnings = append(res.Warnings, w)
		}
	}
	// The object's own rows first (one per policy and rule, whatever the
	// bindings), so that a pod counts once in each row of its workload.
	var rows []Row
	for _, result := range d.Results {
		// The label guard judges changes of namespace labels: that it lets
		// an existing namespace be created again says nothing about it.
		if result.Policy == generator.GuardName && result.Outcome == evaluator.OutcomePass {
			continue
		}
		rows = mergeRows(rows, a.rules.rowsOf(result))
	}
	if r.pod != "" {
		for i := range rows {
			rows[i].Pods, rows[i].pod = 1, r.pod
			if failed(rows[i].Result) {
				rows[i].FailingPods = 1
				rows[i].Message = "pod " + r.pod + ": " + rows[i].Message
			}
		}
	}
	res.Rows = mergeRows(res.Rows, rows)
	if d.Allowed {
		return
	}
	res.Denied = true
	switch {
	case r.pod == "":
		res.Message, res.messagePod = d.Message, ""
	case res.Message == "" || res.messagePod != "" && r.pod < res.messagePod:
		res.Message, res.messagePod = "pod "+r.pod+": "+d.Message, r.pod
	}
}

// result sums up: resources sorted, one summary per audited namespace.
func (a *aggregator) result(nss []*corev1.Namespace, relabel Relabel, prefix string) *Result {
	out := &Result{Judged: a.judged, Pods: a.pods}
	for _, res := range a.resources {
		sortRows(res.Rows)
		sort.Strings(res.Warnings)
		out.Resources = append(out.Resources, res)
	}
	sortResources(out.Resources)
	summaries := map[string]*NamespaceSummary{}
	for _, ns := range nss {
		s := &NamespaceSummary{Name: ns.Name, DeniedByRule: map[string]int{}}
		s.Labels = prefixed(ns.Labels, prefix)
		if relabel != nil {
			as := prefixed(relabel(ns).Labels, prefix)
			s.Simulated = !equalLabels(s.Labels, as)
			s.Labels = as
		}
		summaries[ns.Name] = s
		out.Namespaces = append(out.Namespaces, s)
	}
	for _, res := range out.Resources {
		if s := summaries[res.Ref.Namespace]; s != nil {
			s.count(res, a.rules)
		}
	}
	for _, s := range out.Namespaces {
		sort.Strings(s.OptOut)
		sort.Strings(s.Unliftable)
	}
	return out
}

// count adds a resource to its namespace's summary, and what lifts its
// denial to the namespace's opt-out set.
func (s *NamespaceSummary) count(res *Resource, rules *Rules) {
	s.Resources++
	s.Pods += res.Pods
	if res.Ref.Kind == "Pod" {
		s.Pods++
	} else {
		s.Workloads++
	}
	if len(res.Warnings) > 0 {
		s.Warned++
	}
	if res.Err != "" {
		s.Errors++
	}
	if !res.Denied {
		return
	}
	s.Denied++
	by := map[string]bool{}
	for _, row := range res.Rows {
		if !row.Denies || !failed(row.Result) {
			continue
		}
		name := row.Rule
		if row.OptOut != "" {
			s.OptOut = addUnique(s.OptOut, row.OptOut)
		} else {
			name = row.Policy
			s.Unliftable = addUnique(s.Unliftable, "policy "+row.Policy)
		}
		by[name] = true
	}
	if len(by) == 0 {
		s.Unliftable = addUnique(s.Unliftable, strings.ToLower(res.Ref.Kind)+"/"+res.Ref.Name+": "+res.Message)
	}
	for name := range by {
		s.DeniedByRule[name]++
	}
}

func addUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// prefixed returns the labels under prefix.
func prefixed(labels map[string]string, prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range labels {
		if strings.HasPrefix(k, prefix+"/") {
			out[k] = v
		}
	}
	return out
}

func equalLabels(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
