// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator

import (
	"github.com/vapgen/vapgen/generator/internal/messages"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// The options of a generation and the types they use (see model for each).
type (
	Options        = model.Options
	Profile        = model.Profile
	ActionSource   = model.ActionSource
	ControllerMode = model.ControllerMode
	Layout         = model.Layout
	Exemptions     = model.Exemptions
	LabelGuard     = model.LabelGuard
	Mode           = model.Mode
)

const (
	DefaultLabelPrefix = model.DefaultLabelPrefix

	Baseline   = model.Baseline
	Restricted = model.Restricted

	ActionsFromProfile = model.ActionsFromProfile
	ActionsFromPolicy  = model.ActionsFromPolicy

	ControllersDeny = model.ControllersDeny
	ControllersWarn = model.ControllersWarn
	ControllersOff  = model.ControllersOff

	PerRule    = model.PerRule
	PerProfile = model.PerProfile

	// ExcludeValue is the value of the per-rule opt-out label.
	ExcludeValue = model.ExcludeValue
	// ConfigFile is the file of a diagnostic about an option, whose subject
	// is the option's field path.
	ConfigFile = model.ConfigFile
)

// Labels and annotations of the generated objects.
const (
	SourceAnnotation        = model.SourceAnnotation
	PolicyAnnotation        = model.PolicyAnnotation
	RuleAnnotation          = model.RuleAnnotation
	ProfileAnnotation       = model.ProfileAnnotation
	OverlayAnnotation       = model.OverlayAnnotation
	OverlaySourceAnnotation = model.OverlaySourceAnnotation
	PodTemplateAnnotation   = model.PodTemplateAnnotation
	RulesAnnotation         = model.RulesAnnotation
	ProfileLabel            = model.ProfileLabel
	ManagedByLabel          = model.ManagedByLabel
	ManagedByValue          = model.ManagedByValue
)

// Modes are the namespace labels that bind rules, enforce first.
var Modes = model.Modes

// ParseProfile accepts a profile name.
func ParseProfile(s string) (Profile, bool) { return model.ParseProfile(s) }

// OptOutLabelKey is the namespace label that lifts one rule.
func OptOutLabelKey(prefix, name string) string { return model.OptOutLabelKey(prefix, name) }

// OptOutHint is the text that ends every message of the rule whose opt-out
// label name is rule.
func OptOutHint(prefix, rule string) string { return messages.Hint(prefix, rule) }
