// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"encoding/json"
	"io"
)

// The JSON output of an audit (vapgen.io/v1alpha1 AuditResult). Fields are
// only added, never renamed or removed, within an apiVersion; lists keep
// the Result's order and map keys are sorted.
type jsonAudit struct {
	APIVersion string          `json:"apiVersion"`
	Kind       string          `json:"kind"`
	Summary    jsonTotals      `json:"summary"`
	Namespaces []jsonNamespace `json:"namespaces"`
	Resources  []jsonResource  `json:"resources"`
}

type jsonTotals struct {
	Namespaces int `json:"namespaces"`
	Resources  int `json:"resources"`
	Judged     int `json:"judged"`
	Pods       int `json:"pods"`
	Denied     int `json:"denied"`
	Errors     int `json:"errors"`
}

type jsonNamespace struct {
	Name         string            `json:"name"`
	Labels       map[string]string `json:"labels"`
	Simulated    bool              `json:"simulated,omitempty"`
	Resources    int               `json:"resources"`
	Workloads    int               `json:"workloads"`
	Pods         int               `json:"pods"`
	Denied       int               `json:"denied"`
	Warned       int               `json:"warned"`
	Errors       int               `json:"errors"`
	DeniedByRule map[string]int    `json:"deniedByRule,omitempty"`
	OptOut       []string          `json:"optOut,omitempty"`
	Kubectl      string            `json:"kubectl,omitempty"`
	Unliftable   []string          `json:"unliftable,omitempty"`
}

type jsonResource struct {
	APIVersion string    `json:"apiVersion"`
	Kind       string    `json:"kind"`
	Namespace  string    `json:"namespace,omitempty"`
	Name       string    `json:"name"`
	UID        string    `json:"uid,omitempty"`
	Pods       int       `json:"pods,omitempty"`
	Verdict    string    `json:"verdict"` // admitted, denied or error
	Message    string    `json:"message,omitempty"`
	Warnings   []string  `json:"warnings,omitempty"`
	Error      string    `json:"error,omitempty"`
	Policies   []jsonRow `json:"policies,omitempty"`
}

type jsonRow struct {
	Policy      string   `json:"policy"`
	Rule        string   `json:"rule,omitempty"`
	Result      string   `json:"result"`
	Message     string   `json:"message,omitempty"`
	Denies      bool     `json:"denies,omitempty"`
	OptOut      string   `json:"optOut,omitempty"`
	Bindings    []string `json:"bindings,omitempty"`
	Pods        int      `json:"pods,omitempty"`
	FailingPods int      `json:"failingPods,omitempty"`
}

// WriteJSON writes an audit for programs.
func WriteJSON(w io.Writer, res *Result) error {
	out := jsonAudit{APIVersion: "vapgen.io/v1alpha1", Kind: "AuditResult", Namespaces: []jsonNamespace{}, Resources: []jsonResource{}}
	out.Summary = jsonTotals{Namespaces: len(res.Namespaces), Resources: len(res.Resources), Judged: res.Judged, Pods: res.Pods, Denied: res.Denied(), Errors: res.Errors()}
	for _, s := range res.Namespaces {
		n := jsonNamespace{Name: s.Name, Labels: s.Labels, Simulated: s.Simulated, Resources: s.Resources, Workloads: s.Workloads, Pods: s.Pods,
			Denied: s.Denied, Warned: s.Warned, Errors: s.Errors, OptOut: s.OptOut, Unliftable: s.Unliftable}
		if len(s.DeniedByRule) > 0 {
			n.DeniedByRule = s.DeniedByRule
		}
		if len(s.OptOut) > 0 {
			n.Kubectl = KubectlLabel(s.Name, s.OptOut)
		}
		out.Namespaces = append(out.Namespaces, n)
	}
	for _, r := range res.Resources {
		j := jsonResource{APIVersion: r.Ref.APIVersion, Kind: r.Ref.Kind, Namespace: r.Ref.Namespace, Name: r.Ref.Name, UID: string(r.Ref.UID),
			Pods: r.Pods, Verdict: "admitted", Warnings: r.Warnings, Error: r.Err}
		switch {
		case r.Err != "":
			j.Verdict = "error"
		case r.Denied:
			j.Verdict, j.Message = "denied", r.Message
		}
		for _, row := range r.Rows {
			j.Policies = append(j.Policies, jsonRow{Policy: row.Policy, Rule: row.Rule, Result: row.Result, Message: row.Message, Denies: row.Denies,
				OptOut: row.OptOut, Bindings: row.Bindings, Pods: row.Pods, FailingPods: row.FailingPods})
		}
		out.Resources = append(out.Resources, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
