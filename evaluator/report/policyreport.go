// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/evaluator"
)

// writePolicyReports writes a ClusterPolicyReport for cluster-scoped
// resources and a PolicyReport per namespace, all named "vapgen", as a
// multi-document YAML stream (first the cluster report, then namespaces in
// name order). Each policy and binding that matched a resource gives one
// result, with source ValidatingAdmissionPolicy and the binding as a
// property, as Kyverno reports ValidatingAdmissionPolicies. A resource that
// could not be evaluated, or that the API server rejects before admission
// (a body that does not decode), gives an error result of policy
// "vapgen-check". Each change a MutatingAdmissionPolicy made gives a pass
// result with source MutatingAdmissionPolicy.
func writePolicyReports(w io.Writer, items []Item, now time.Time) error {
	reports := map[string]*Report{}
	stamp := metav1.Timestamp{Seconds: now.Unix()}
	for _, it := range items {
		ns := it.namespace()
		report, ok := reports[ns]
		if !ok {
			report = NewReport(ns, "vapgen")
			reports[ns] = report
		}
		resource := []corev1.ObjectReference{{APIVersion: it.Object.GetAPIVersion(), Kind: it.Object.GetKind(), Namespace: ns, Name: it.Object.GetName()}}
		if it.Err != nil || (!it.Decision.Allowed && !explained(it.Decision)) {
			msg := it.Decision.Message
			if it.Err != nil {
				msg = it.Err.Error()
			}
			report.Add(ReportResult{Source: "vapgen", Policy: "vapgen-check", Resources: resource, Message: msg, Result: "error", Timestamp: stamp})
			continue
		}
		for _, m := range it.Decision.Mutations {
			report.Add(ReportResult{Source: MutatingSource, Policy: m.Policy, Resources: resource, Message: "mutated " + strings.Join(m.Fields, ", "),
				Result: "pass", Properties: map[string]string{"mutation": strconv.Itoa(m.Index)}, Timestamp: stamp})
		}
		for _, r := range it.Decision.Results {
			props := map[string]string{"validationActions": Actions(r.Actions)}
			if r.Binding != "" {
				props["binding"] = r.Binding
			}
			report.Add(ReportResult{Source: Source, Policy: r.Policy, Resources: resource, Message: r.Message,
				Result: ResultOf(r), Scored: true, Properties: props, Timestamp: stamp})
		}
	}
	namespaces := make([]string, 0, len(reports))
	for ns := range reports {
		namespaces = append(namespaces, ns)
	}
	sort.Strings(namespaces) // "" (the cluster report) first
	ordered := make([]*Report, len(namespaces))
	for i, ns := range namespaces {
		ordered[i] = reports[ns]
	}
	return WriteReports(w, ordered)
}

// explained reports whether a denial comes with the policy result behind it.
func explained(d evaluator.Decision) bool {
	for _, r := range d.Results {
		if r.Outcome == evaluator.OutcomeFail || r.Outcome == evaluator.OutcomeError {
			return true
		}
	}
	return false
}
