// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"sort"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/vapgen/vapgen/evaluator/report"
)

// LabelsAnnotation, on every report, holds the vapgen namespace labels the
// object was judged with, and "(simulated)" when they are not the
// namespace's own (audit --profile).
const LabelsAnnotation = "vapgen.io/namespace-labels"

// ReportName is the name of the report about the object with uid. Kyverno
// names its reports by the UID alone; the prefix keeps both apart.
func ReportName(uid types.UID) string { return "vapgen-" + string(uid) }

// Reports turns a result into one report per resource, like Kyverno's
// reports since 1.10: a PolicyReport in the object's namespace (a
// ClusterPolicyReport for a Namespace object) named ReportName(uid), owned
// by the object, so that the garbage collector deletes it with the object,
// whose scope is the object, with one result per policy (and rule) and its
// summary. Resources without a UID, or that no policy matched, get no
// report (as Kyverno writes none for objects no rule matches).
func Reports(res *Result, rules *Rules, now time.Time) []*report.Report {
	labels := map[string]string{}
	for _, s := range res.Namespaces {
		labels[s.Name] = judgedWith(s)
	}
	stamp := metav1.Timestamp{Seconds: now.Unix()}
	var out []*report.Report
	for _, r := range res.Resources {
		if r.Ref.UID == "" || len(r.Rows) == 0 && r.Err == "" {
			continue
		}
		rep := report.NewReport(r.Ref.Namespace, ReportName(r.Ref.UID))
		ns := r.Ref.Namespace
		if ns == "" {
			ns = r.Ref.Name
		}
		rep.Metadata.Annotations = map[string]string{LabelsAnnotation: labels[ns]}
		rep.Metadata.OwnerReferences = []metav1.OwnerReference{{APIVersion: r.Ref.APIVersion, Kind: r.Ref.Kind, Name: r.Ref.Name, UID: r.Ref.UID}}
		scope := r.Ref
		rep.Scope = &scope
		if r.Err != "" {
			rep.Add(report.ReportResult{Source: "vapgen", Policy: "vapgen-audit", Message: r.Err, Result: "error", Timestamp: stamp})
		}
		for _, row := range r.Rows {
			rep.Add(report.ReportResult{Source: report.Source, Policy: row.Policy, Rule: row.Rule, Category: rules.category[row.Policy],
				Message: row.Message, Result: row.Result, Scored: true, Properties: properties(row), Timestamp: stamp})
		}
		out = append(out, rep)
	}
	return out
}

// judgedWith is the LabelsAnnotation of a namespace's reports.
func judgedWith(s *NamespaceSummary) string {
	var parts []string
	for k, v := range s.Labels {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	out := strings.Join(parts, ",")
	if out == "" {
		out = "none"
	}
	if s.Simulated {
		out += " (simulated)"
	}
	return out
}

// properties of a row's result: the bindings and their actions, the label
// that lifts a failure, how many pods were judged.
func properties(row Row) map[string]string {
	p := map[string]string{}
	if len(row.Bindings) > 0 {
		p["binding"] = strings.Join(row.Bindings, ",")
	}
	if len(row.Actions) > 0 {
		p["validationActions"] = strings.Join(row.Actions, ",")
	}
	if row.OptOut != "" && failed(row.Result) {
		p["optOut"] = row.OptOut + "=" + excludeValue
	}
	if row.Pods > 0 {
		p["pods"] = strconv.Itoa(row.Pods)
		p["failingPods"] = strconv.Itoa(row.FailingPods)
	}
	return p
}
