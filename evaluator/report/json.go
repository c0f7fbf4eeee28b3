// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"encoding/json"
	"io"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The JSON output. Fields are only added, never renamed or removed, within
// an apiVersion; resources keep their input order and map keys are sorted.
type jsonOutput struct {
	APIVersion string         `json:"apiVersion"` // vapgen.io/v1alpha1
	Kind       string         `json:"kind"`       // CheckResult
	Summary    jsonSummary    `json:"summary"`
	Resources  []jsonResource `json:"resources"`
}

type jsonSummary struct {
	Resources int `json:"resources"`
	Admitted  int `json:"admitted"`
	NotJudged int `json:"notJudged"` // of the admitted, those no policy matched
	Mutated   int `json:"mutated"`   // those a MutatingAdmissionPolicy changed
	Denied    int `json:"denied"`
	Errors    int `json:"errors"`
	Warnings  int `json:"warnings"`
}

type jsonResource struct {
	Source           string            `json:"source,omitempty"`
	APIVersion       string            `json:"apiVersion"`
	Kind             string            `json:"kind"`
	Namespace        string            `json:"namespace,omitempty"`
	Name             string            `json:"name"`
	Verdict          string            `json:"verdict"` // admitted, denied or error
	NotJudged        bool              `json:"notJudged,omitempty"`
	Status           *jsonStatus       `json:"status,omitempty"`
	Warnings         []string          `json:"warnings,omitempty"`
	AuditAnnotations map[string]string `json:"auditAnnotations,omitempty"`
	Mutations        []jsonMutation    `json:"mutations,omitempty"`
	Policies         []jsonPolicy      `json:"policies,omitempty"`
	Error            string            `json:"error,omitempty"`
}

// jsonStatus is the API server's Status when it denies.
type jsonStatus struct {
	Code    int32               `json:"code"`
	Reason  metav1.StatusReason `json:"reason"`
	Message string              `json:"message"`
}

type jsonPolicy struct {
	Policy            string                                     `json:"policy"`
	Binding           string                                     `json:"binding,omitempty"`
	ValidationActions []admissionregistrationv1.ValidationAction `json:"validationActions,omitempty"`
	Outcome           string                                     `json:"outcome"` // pass, fail, error or skip
	Message           string                                     `json:"message,omitempty"`
	// Failures are the messages of every failing validation.
	Failures []string `json:"failures,omitempty"`
}

// jsonMutation is what one mutation of a MutatingAdmissionPolicy changed.
type jsonMutation struct {
	Policy   string   `json:"policy"`
	Mutation int      `json:"mutation"` // index in spec.mutations
	Fields   []string `json:"fields"`
}

func writeJSON(w io.Writer, items []Item) error {
	out := jsonOutput{APIVersion: "vapgen.io/v1alpha1", Kind: "CheckResult", Resources: []jsonResource{}}
	for _, it := range items {
		r := jsonResource{
			Source:     it.Source,
			APIVersion: it.Object.GetAPIVersion(),
			Kind:       it.Object.GetKind(),
			Namespace:  it.namespace(),
			Name:       it.Object.GetName(),
			Verdict:    it.verdict(),
		}
		switch {
		case it.Err != nil:
			r.Error = it.Err.Error()
			out.Summary.Errors++
		case it.Decision.Allowed:
			out.Summary.Admitted++
			if it.NotJudged() {
				r.NotJudged = true
				out.Summary.NotJudged++
			}
		default:
			d := it.Decision
			r.Status = &jsonStatus{Code: d.Code, Reason: d.Reason, Message: d.Message}
			out.Summary.Denied++
		}
		r.Warnings = it.Decision.Warnings
		r.AuditAnnotations = it.Decision.AuditAnnotations
		out.Summary.Warnings += len(r.Warnings)
		for _, m := range it.Decision.Mutations {
			r.Mutations = append(r.Mutations, jsonMutation{Policy: m.Policy, Mutation: m.Index, Fields: m.Fields})
		}
		if len(r.Mutations) > 0 {
			out.Summary.Mutated++
		}
		for _, p := range it.Decision.Results {
			jp := jsonPolicy{Policy: p.Policy, Binding: p.Binding, ValidationActions: p.Actions, Outcome: string(p.Outcome), Message: p.Message}
			for _, f := range p.Failures {
				jp.Failures = append(jp.Failures, f.Message)
			}
			r.Policies = append(r.Policies, jp)
		}
		out.Resources = append(out.Resources, r)
	}
	out.Summary.Resources = len(items)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
