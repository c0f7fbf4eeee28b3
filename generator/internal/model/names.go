// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// Labels and annotations vapgen sets on what it generates.
const (
	SourceAnnotation        = "vapgen.io/source"
	PolicyAnnotation        = "vapgen.io/policy"
	RuleAnnotation          = "vapgen.io/rule"
	ProfileAnnotation       = "vapgen.io/profile"
	OverlayAnnotation       = "vapgen.io/overlay"
	OverlaySourceAnnotation = "vapgen.io/overlay-source"
	// PodTemplateAnnotation marks a policy that judges the pod template of
	// workloads, and says where the template is.
	PodTemplateAnnotation = "vapgen.io/pod-template"
	// RulesAnnotation lists, on a policy of the per-profile layout, the
	// per-rule policies whose validations it holds, in order.
	RulesAnnotation = "vapgen.io/rules"
	ProfileLabel    = "vapgen.io/profile"
	ManagedByLabel  = "app.kubernetes.io/managed-by"
	ManagedByValue  = "vapgen"
	// OurAnnotationRoot starts the annotations of source policies that
	// their generated policies keep.
	OurAnnotationRoot = "vapgen.io/"
)

// OverlayAPIVersion and OverlayKind identify an overlay document.
const (
	OverlayAPIVersion = "vapgen.io/v1alpha1"
	OverlayKind       = "Overlay"
)

// NamespaceNameLabel is set by the API server on every namespace.
const NamespaceNameLabel = "kubernetes.io/metadata.name"

// ExcludeValue is the value of the per-rule opt-out label.
const ExcludeValue = "exclude"

// ConfigFile is the file of a diagnostic about an option; its subject is
// the option's field path (`rules[x]`), which the caller may locate in its
// config file.
const ConfigFile = "config"

// Mode is a namespace label that binds a profile's rules, and what its
// bindings do: like Pod Security Admission's enforce, warn and audit labels.
type Mode struct {
	// Label is the label's name after the prefix.
	Label string
	// Suffix is appended to the policy name to name the binding.
	Suffix string
	Action admissionregistrationv1.ValidationAction
}

// Modes are the namespace labels, enforce first.
var Modes = []Mode{
	{Label: "profile", Suffix: "", Action: admissionregistrationv1.Deny},
	{Label: "warn", Suffix: "-warn", Action: admissionregistrationv1.Warn},
	{Label: "audit", Suffix: "-audit", Action: admissionregistrationv1.Audit},
}

// LabelKey is the namespace label of a mode.
func (m Mode) LabelKey(prefix string) string { return prefix + "/" + m.Label }

// VersionLabelKey is the namespace label that pins a mode to a Pod
// Security Standards version: <prefix>/profile-version, ...
func (m Mode) VersionLabelKey(prefix string) string { return prefix + "/" + m.Label + "-version" }

// OptOutLabelKey is the namespace label that lifts one rule.
func OptOutLabelKey(prefix, name string) string { return prefix + "/" + name }

// ProfilesIncluding lists the profile label values that bring in rules of
// p: a restricted namespace gets the baseline rules too.
func ProfilesIncluding(p Profile) []string {
	if p == Baseline {
		return []string{string(Baseline), string(Restricted)}
	}
	return []string{string(Restricted)}
}
