// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package report formats the decisions of evaluator for people (text),
// programs (json) and policy report consumers (wgpolicyk8s.io/v1alpha2
// PolicyReport and ClusterPolicyReport objects, as Kyverno writes them for
// ValidatingAdmissionPolicies). The report types (Report, ReportResult, ...)
// are shared with `vapgen audit`, which writes one report per object into a
// cluster.
package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/vapgen/vapgen/evaluator"
)

// Item is one resource and what the API server would answer to its request.
type Item struct {
	Source   string // where the resource was read, e.g. "app.yaml:9:1"
	Object   *unstructured.Unstructured
	Decision evaluator.Decision
	Err      error // the request could not be evaluated; Decision is empty
}

// Format is an output format.
type Format string

const (
	Text         Format = "text"
	JSON         Format = "json"
	PolicyReport Format = "policyreport"
	// YAML is every admitted resource as the API server would store it.
	YAML Format = "yaml"
)

// Formats lists the output formats.
func Formats() []Format { return []Format{Text, JSON, PolicyReport, YAML} }

// Options change what Write shows.
type Options struct {
	// Quiet leaves admitted and not judged resources out of the text
	// output: it shows denials, errors and the summary.
	Quiet bool
}

// Write writes the items in a format. now stamps policy report results.
func Write(w io.Writer, f Format, items []Item, now time.Time, opts Options) error {
	if opts.Quiet && f != Text {
		return fmt.Errorf("quiet output is text only, not %s", f)
	}
	switch f {
	case Text:
		return writeText(w, items, opts.Quiet)
	case JSON:
		return writeJSON(w, items)
	case PolicyReport:
		return writePolicyReports(w, items, now)
	case YAML:
		return writeStored(w, items)
	}
	return fmt.Errorf("unknown output format %q (want one of %v)", f, Formats())
}

// namespace of the item's request, "" for cluster-scoped resources.
func (it Item) namespace() string {
	if it.Err != nil {
		return it.Object.GetNamespace()
	}
	return it.Decision.Namespace
}

// ref names the resource like kubectl does: kind.group/name.
func (it Item) ref() string {
	gvk := it.Object.GroupVersionKind()
	kind := strings.ToLower(gvk.Kind)
	if gvk.Group != "" {
		kind += "." + gvk.Group
	}
	return kind + "/" + it.Object.GetName()
}

// verdict is admitted, denied or error.
func (it Item) verdict() string {
	switch {
	case it.Err != nil:
		return "error"
	case it.Decision.Allowed:
		return "admitted"
	}
	return "denied"
}

// NotJudged tells that the resource was admitted without any policy and
// binding matching it: no policy had an opinion.
func (it Item) NotJudged() bool {
	return it.Err == nil && it.Decision.Allowed && len(it.Decision.Results) == 0
}

// denial is one failing validation whose binding denies.
type denial struct {
	policy, binding, message string
}

// denials lists every failing validation of a denying binding, in
// evaluation order: every rule the resource breaks, of which the API
// server's message names the first.
func (it Item) denials() []denial {
	var out []denial
	for _, r := range it.Decision.Results {
		if r.Outcome != evaluator.OutcomeFail && r.Outcome != evaluator.OutcomeError || !slices.Contains(r.Actions, admissionregistrationv1.Deny) {
			continue
		}
		if len(r.Failures) == 0 {
			out = append(out, denial{r.Policy, r.Binding, r.Message})
		}
		for _, f := range r.Failures {
			out = append(out, denial{r.Policy, r.Binding, f.Message})
		}
	}
	return out
}
