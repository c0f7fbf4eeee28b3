// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"io"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/evaluator"
)

// The wgpolicyk8s.io/v1alpha2 types, as plain structs with the field names
// and JSON tags of the API (github.com/kyverno/kyverno api/policyreport/
// v1alpha2), of which only the fields vapgen writes.
const (
	APIVersion = "wgpolicyk8s.io/v1alpha2"
	// Source of every result of a ValidatingAdmissionPolicy, as Kyverno
	// reports them.
	Source = "ValidatingAdmissionPolicy"
	// MutatingSource is the source of what a MutatingAdmissionPolicy changed.
	MutatingSource = "MutatingAdmissionPolicy"
	// ManagedBy is the value of the app.kubernetes.io/managed-by label of
	// every report vapgen writes.
	ManagedBy      = "vapgen"
	ManagedByLabel = "app.kubernetes.io/managed-by"
)

// Report is a PolicyReport (namespaced) or ClusterPolicyReport.
type Report struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        ReportMetadata `json:"metadata"`
	// Scope is the object the report is about, when it is about one.
	Scope   *corev1.ObjectReference `json:"scope,omitempty"`
	Summary ReportSummary           `json:"summary"`
	Results []ReportResult          `json:"results,omitempty"`
}

// ReportMetadata is the part of a report's metadata vapgen sets.
type ReportMetadata struct {
	Name            string                  `json:"name"`
	Namespace       string                  `json:"namespace,omitempty"`
	Labels          map[string]string       `json:"labels,omitempty"`
	Annotations     map[string]string       `json:"annotations,omitempty"`
	OwnerReferences []metav1.OwnerReference `json:"ownerReferences,omitempty"`
}

// ReportSummary counts a report's results by result.
type ReportSummary struct {
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Warn  int `json:"warn"`
	Error int `json:"error"`
	Skip  int `json:"skip"`
}

// ReportResult is one result: a policy (and rule) about one or more
// objects.
type ReportResult struct {
	Source     string                   `json:"source"`
	Policy     string                   `json:"policy"`
	Rule       string                   `json:"rule,omitempty"`
	Category   string                   `json:"category,omitempty"`
	Resources  []corev1.ObjectReference `json:"resources,omitempty"`
	Message    string                   `json:"message,omitempty"`
	Result     string                   `json:"result,omitempty"`
	Scored     bool                     `json:"scored,omitempty"`
	Properties map[string]string        `json:"properties,omitempty"`
	Timestamp  metav1.Timestamp         `json:"timestamp"`
}

// NewReport returns an empty report named name: a PolicyReport in
// namespace, or a ClusterPolicyReport when namespace is "", labelled as
// managed by vapgen.
func NewReport(namespace, name string) *Report {
	r := &Report{}
	r.APIVersion = APIVersion
	r.Kind = "PolicyReport"
	if namespace == "" {
		r.Kind = "ClusterPolicyReport"
	}
	r.Metadata = ReportMetadata{Name: name, Namespace: namespace, Labels: map[string]string{ManagedByLabel: ManagedBy}}
	return r
}

// Add appends a result and counts it in the summary.
func (r *Report) Add(result ReportResult) {
	r.Results = append(r.Results, result)
	r.Summary.count(result.Result)
}

func (s *ReportSummary) count(result string) {
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

// WriteReports writes reports as a multi-document YAML stream.
func WriteReports(w io.Writer, reports []*Report) error {
	for i, r := range reports {
		data, err := yaml.Marshal(r)
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

// ResultOf maps a policy and binding result to a report result: pass,
// fail, warn, error or skip. A failure is only a warning when the binding
// neither denies nor audits.
func ResultOf(r evaluator.Result) string {
	if r.Outcome != evaluator.OutcomeFail {
		return string(r.Outcome)
	}
	for _, a := range r.Actions {
		if a == admissionregistrationv1.Deny || a == admissionregistrationv1.Audit {
			return "fail"
		}
	}
	return "warn"
}

// Actions joins validation actions with commas, as report properties hold
// them.
func Actions(as []admissionregistrationv1.ValidationAction) string {
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ","
		}
		s += string(a)
	}
	return s
}
