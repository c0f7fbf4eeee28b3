// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package overlay is the generator's overlay stage: it reads vapgen.io
// Overlay documents and, for every base rule an overlay relaxes, adds a copy
// that applies only in the overlay's namespaces and makes the base rule skip
// them, so that in every namespace exactly one of the two applies.
package overlay

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Overlay grants a special workload exactly what it needs, in named
// namespaces, by replacing base rules there with relaxed copies.
type Overlay struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              OverlaySpec `json:"spec"`
}

// OverlaySpec is an overlay's spec.
type OverlaySpec struct {
	// Description says who needs this and why.
	Description string `json:"description,omitempty"`
	// Namespaces the overlay applies to, by name.
	Namespaces []string `json:"namespaces"`
	// Allow extends the allow-lists of the rules that declare them.
	Allow *Allowances `json:"allow,omitempty"`
	// Replace replaces base rules with custom Kyverno CEL rules.
	Replace []Replacement `json:"replace,omitempty"`
}

// Allowances extend allow-lists. A rule declares an allow-list as a CEL
// variable named after it (allowedCapabilities, allowedHostPaths); the
// overlay's copy of the rule appends to that variable.
type Allowances struct {
	// Capabilities are added to every rule with an allowedCapabilities variable.
	Capabilities []string `json:"capabilities,omitempty"`
	// HostPaths are added to every rule with an allowedHostPaths variable; the
	// rules admit such volumes only when every mount of them is read-only.
	HostPaths []string `json:"hostPaths,omitempty"`
}

// Replacement replaces one base rule, named by its generated policy name.
type Replacement struct {
	Rule string       `json:"rule"`
	With kyverno.Rule `json:"with"`
}

// allowListVariables maps the variable that declares an allow-list to the
// values an overlay adds to it.
func (a *Allowances) allowListVariables() map[string][]string {
	out := map[string][]string{}
	if a == nil {
		return out
	}
	if len(a.Capabilities) > 0 {
		out["allowedCapabilities"] = a.Capabilities
	}
	if len(a.HostPaths) > 0 {
		out["allowedHostPaths"] = a.HostPaths
	}
	return out
}

var capabilityRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// loaded is an overlay with the document it came from.
type loaded struct {
	*Overlay
	doc *yamldoc.Document
}

// load reads the overlay documents among docs; documents of other API
// groups, and vapgen's own Config, are ignored.
func load(docs []*yamldoc.Document, diags *diag.List) []loaded {
	var out []loaded
	seen := map[string]bool{}
	for _, doc := range docs {
		if doc.APIVersion != model.OverlayAPIVersion || doc.Kind != model.OverlayKind {
			if group, _, _ := strings.Cut(doc.APIVersion, "/"); group == "vapgen.io" && doc.Kind != "Config" {
				*diags = append(*diags, doc.Diagnostic(diag.Error, doc.Locate("kind"), "", fmt.Sprintf("unknown vapgen.io document %s %s (want %s %s)", doc.APIVersion, doc.Kind, model.OverlayAPIVersion, model.OverlayKind)))
			}
			continue
		}
		var o Overlay
		if errs := doc.Decode(&o); len(errs) > 0 {
			p := report.New(doc, fmt.Sprintf("%s %q", doc.Kind, doc.Name))
			p.Fields(errs)
			p.Report(diags, false)
			continue
		}
		p := report.New(doc, fmt.Sprintf("overlay %q", o.Name))
		checkOverlay(&o, p)
		if seen[o.Name] {
			p.Errorf(field.NewPath("metadata", "name"), "another overlay has this name")
		}
		seen[o.Name] = true
		p.Report(diags, false)
		if p.OK() {
			out = append(out, loaded{Overlay: &o, doc: doc})
		}
	}
	return out
}

func checkOverlay(o *Overlay, p *report.Problems) {
	spec := field.NewPath("spec")
	for _, msg := range validation.IsDNS1123Label(o.Name) {
		p.Errorf(field.NewPath("metadata", "name"), "metadata.name %q: %s", o.Name, msg)
	}
	if len(o.Spec.Namespaces) == 0 {
		p.Errorf(spec, "spec.namespaces is required: an overlay applies to namespaces named in it")
	}
	for i, ns := range o.Spec.Namespaces {
		for _, msg := range validation.IsDNS1123Label(ns) {
			p.Errorf(spec.Child("namespaces").Index(i), "namespace %q: %s", ns, msg)
		}
	}
	if len(o.Spec.Allow.allowListVariables()) == 0 && len(o.Spec.Replace) == 0 {
		p.Errorf(spec, "the overlay neither allows nor replaces anything")
	}
	if a := o.Spec.Allow; a != nil {
		for i, c := range a.Capabilities {
			if !capabilityRE.MatchString(c) {
				p.Errorf(spec.Child("allow", "capabilities").Index(i), "capability %q: want an upper-case name such as SYS_PTRACE, without CAP_", c)
			}
		}
		for i, hp := range a.HostPaths {
			if !path.IsAbs(hp) || path.Clean(hp) != hp {
				p.Errorf(spec.Child("allow", "hostPaths").Index(i), "host path %q: want a clean absolute path", hp)
			}
		}
	}
}
