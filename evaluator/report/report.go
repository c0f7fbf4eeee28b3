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
	"strings"
	"time"

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
)

// Formats lists the output formats.
func Formats() []Format { return []Format{Text, JSON, PolicyReport} }

// Write writes the items in a format. now stamps policy report results.
func Write(w io.Writer, f Format, items []Item, now time.Time) error {
	switch f {
	case Text:
		return writeText(w, items)
	case JSON:
		return writeJSON(w, items)
	case PolicyReport:
		return writePolicyReports(w, items, now)
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
