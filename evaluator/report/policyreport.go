// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/evaluator"
)

// The wgpolicyk8s.io/v1alpha2 types, as plain structs with the field names
// and JSON tags of the API (github.com/kyverno/kyverno api/policyreport/
// v1alpha2), of which only the fields written here.
type policyReport struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        reportMetadata       `json:"metadata"`
	Summary         policyReportSummary  `json:"summary"`
	Results         []policyReportResult `json:"results,omitempty"`
}

type reportMetadata struct {
	Name      string            `json:"name"`
	Namespace string            `json:"namespace,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
}

type policyReportSummary struct {
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Warn  int `json:"warn"`
	Error int `json:"error"`
	Skip  int `json:"skip"`
}

type policyReportResult struct {
	Source     string                   `json:"source"`
	Policy     string                   `json:"policy"`
	Resources  []corev1.ObjectReference `json:"resources,omitempty"`
	Message    string                   `json:"message,omitempty"`
	Result     string                   `json:"result,omitempty"`
	Scored     bool                     `json:"scored,omitempty"`
	Properties map[string]string        `json:"properties,omitempty"`
	Timestamp  metav1.Timestamp         `json:"timestamp"`
}

func (s *policyReportSummary) count(result string) {
	switch result {
	case "pass":
		s.Pass++
	case "fail":
		s.Fail++
	case "warn":
		s.Warn++
	case "error":
		s.Error++
	case "skip":
		s.Skip++
	}
}

// writePolicyReports writes a ClusterPolicyReport for cluster-scoped
// resources and a PolicyReport per namespace, all named "vapgen", as a
// multi-document YAML stream (first the cluster report, then namespaces in
// name order). Each policy and binding that matched a resource gives one
// result, with source ValidatingAdmissionPolicy and the binding as a
// property, as Kyverno reports ValidatingAdmissionPolicies. A resource that
// could not be evaluated, or that the API server rejects before admission
// (a body that does not decode), gives an error result of policy
// "vapgen-check".
func writePolicyReports(w io.Writer, items []Item, now time.Time) error {
	reports := map[string]*policyReport{}
	stamp := metav1.Timestamp{Seconds: now.Unix()}
	for _, it := range items {
		ns := it.namespace()
		report, ok := reports[ns]
		if !ok {
			report = newPolicyReport(ns)
			reports[ns] = report
		}
		resource := []corev1.ObjectReference{{APIVersion: it.Object.GetAPIVersion(), Kind: it.Object.GetKind(), Namespace: ns, Name: it.Object.GetName()}}
		if it.Err != nil || (!it.Decision.Allowed && !explained(it.Decision)) {
			msg := it.Decision.Message
			if it.Err != nil {
				msg = it.Err.Error()
			}
			report.add(policyReportResult{Source: "vapgen", Policy: "vapgen-check", Resources: resource, Message: msg, Result: "error", Timestamp: stamp})
			continue
		}
		for _, r := range it.Decision.Results {
			props := map[string]string{"validationActions": actions(r.Actions)}
			if r.Binding != "" {
				props["binding"] = r.Binding
			}
			report.add(policyReportResult{Source: "ValidatingAdmissionPolicy", Policy: r.Policy, Resources: resource, Message: r.Message,
				Result: policyResult(r), Scored: true, Properties: props, Timestamp: stamp})
		}
	}
	namespaces := make([]string, 0, len(reports))
	for ns := range reports {
		namespaces = append(namespaces, ns)
	}
	sort.Strings(namespaces) // "" (the cluster report) first
	for i, ns := range namespaces {
		data, err := yaml.Marshal(reports[ns])
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

func newPolicyReport(namespace string) *policyReport {
	r := &policyReport{}
	r.APIVersion = "wgpolicyk8s.io/v1alpha2"
	r.Kind = "PolicyReport"
	if namespace == "" {
		r.Kind = "ClusterPolicyReport"
	}
	r.Metadata = reportMetadata{Name: "vapgen", Namespace: namespace, Labels: map[string]string{"app.kubernetes.io/managed-by": "vapgen"}}
	return r
}

func (r *policyReport) add(result policyReportResult) {
	r.Results = append(r.Results, result)
	r.Summary.count(result.Result)
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
