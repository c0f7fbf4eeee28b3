// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/celcheck"
)

// DefaultLabelPrefix is the prefix of the namespace labels bindings select on.
const DefaultLabelPrefix = "pod-security.vapgen.io"

// Profile is a Pod Security Standards profile. A namespace labelled
// restricted gets the baseline rules too.
type Profile string

const (
	Baseline   Profile = "baseline"
	Restricted Profile = "restricted"
)

// Levels are the values a mode label may have, as Pod Security Admission's
// levels: privileged, which no binding selects, and the profiles.
var Levels = []string{"privileged", string(Baseline), string(Restricted)}

// ParseProfile accepts a profile name.
func ParseProfile(s string) (Profile, bool) {
	switch Profile(s) {
	case Baseline, Restricted:
		return Profile(s), true
	}
	return "", false
}

// ActionSource says where the bindings' validation actions come from.
type ActionSource string

const (
	// ActionsFromProfile (the default): the profile label means enforce, so
	// every binding denies, whatever the policy's own failure action says.
	ActionsFromProfile ActionSource = "profile"
	// ActionsFromPolicy: Kyverno's Enforce becomes Deny and Audit becomes
	// Audit+Warn; a ValidatingPolicy's validationActions are kept.
	ActionsFromPolicy ActionSource = "policy"
)

// ControllerMode says what happens to a workload whose pod template breaks a
// pod rule.
type ControllerMode string

const (
	// ControllersDeny rejects the workload at apply time (the default).
	ControllersDeny ControllerMode = "deny"
	// ControllersWarn admits it with a warning.
	ControllersWarn ControllerMode = "warn"
	// ControllersOff leaves workloads alone; their pods are still judged.
	ControllersOff ControllerMode = "off"
)

// Layout says how rules become ValidatingAdmissionPolicies.
type Layout string

const (
	// PerRule (the default): one policy per rule (and pod template path),
	// bound once per mode; a rule's opt-out label is in its bindings.
	PerRule Layout = "per-rule"
	// PerProfile: one policy per profile (and pod template path) holding the
	// validations of every rule the profile includes, each guarded by the
	// rule's opt-out label read from namespaceObject. The API server then
	// prepares each request once per profile instead of once per rule.
	PerProfile Layout = "per-profile"
)

// Exemptions are requests no generated policy judges, as in Pod Security
// Admission's configuration.
type Exemptions struct {
	// Namespaces are never selected by a binding.
	Namespaces []string `json:"namespaces,omitempty"`
	// Usernames are requesters whose requests are not judged.
	Usernames []string `json:"usernames,omitempty"`
	// RuntimeClassNames exempt pods (and pod templates) that use them.
	RuntimeClassNames []string `json:"runtimeClassNames,omitempty"`
}

// LabelGuard configures the policy that keeps the namespace labels, which
// switch rules on and off, in the hands of the listed users and groups.
type LabelGuard struct {
	Disabled bool     `json:"disabled,omitempty"`
	Users    []string `json:"users,omitempty"`
	Groups   []string `json:"groups,omitempty"`
}

// Options configure a generation.
type Options struct {
	// Policies are the files and directories to read.
	Policies []string
	// Overlays are the files and directories holding overlays.
	Overlays []string
	// CRDs are the files and directories holding the
	// CustomResourceDefinitions of the custom kinds policies name (those
	// among the policies count too).
	CRDs []string
	// LabelGuard configures the policy that guards the namespace labels.
	LabelGuard LabelGuard
	// LabelPrefix is the prefix of the profile and opt-out labels.
	LabelPrefix string
	// DefaultPolicyProfile is the profile of policies that name none; empty
	// makes such a policy an error.
	DefaultPolicyProfile Profile
	// DefaultProfile is enforced in namespaces without a profile label;
	// empty leaves them alone.
	DefaultProfile Profile
	Actions        ActionSource
	// Controllers is what pod rules do to workloads with a breaking pod
	// template; RuleControllers overrides it per rule, by generated name.
	Controllers     ControllerMode
	RuleControllers map[string]ControllerMode
	Exemptions      Exemptions
	// Layout is PerRule (the default) or PerProfile.
	Layout Layout
	// KubernetesVersion is the oldest API server (minor version, "1.30") the
	// output must work on; empty means celcheck.OldestSupported.
	KubernetesVersion string
	// PSSVersion is the Pod Security Standards version judged in namespaces
	// without a version label: "latest" (the default) or "v1.N".
	PSSVersion string
	// RequireProfileLabel makes the label guard refuse namespaces without a
	// profile label, exempt namespaces aside.
	RequireProfileLabel bool
	// SkipUnsupported turns rules that cannot become a ValidatingAdmissionPolicy
	// into warnings instead of errors, and leaves them out.
	SkipUnsupported bool
	// Strict makes the type checker's findings (what kube-controller-manager
	// lists in a policy's status.typeChecking) errors; otherwise they are
	// warnings and the policy is written as the API server would store it.
	Strict bool
}

// ControllersFor is the controller mode of a rule.
func (o *Options) ControllersFor(name string) ControllerMode {
	if m, ok := o.RuleControllers[name]; ok {
		return m
	}
	return o.Controllers
}

// WithDefaults fills in what is unset.
func (o *Options) WithDefaults() Options {
	out := *o
	if out.LabelPrefix == "" {
		out.LabelPrefix = DefaultLabelPrefix
	}
	if out.Actions == "" {
		out.Actions = ActionsFromProfile
	}
	if out.Layout == "" {
		out.Layout = PerRule
	}
	if out.Controllers == "" {
		out.Controllers = ControllersDeny
	}
	if out.PSSVersion == "" {
		out.PSSVersion = LatestPSS
	}
	if out.KubernetesVersion == "" {
		v := celcheck.OldestSupported
		out.KubernetesVersion = fmt.Sprintf("%d.%d", v.Major(), v.Minor())
	}
	return out
}

// DefaultPSS is the minor version judged in namespaces without a version
// label; the options have been validated.
func (o *Options) DefaultPSS() uint {
	m, err := ParsePSSVersion(o.PSSVersion)
	if err != nil {
		return NewestPSS
	}
	return m
}

// APIServers is the range of API servers the output must work on; the
// options have been validated.
func (o *Options) APIServers() celcheck.Range {
	v, err := celcheck.ParseVersion(o.KubernetesVersion)
	if err != nil {
		return celcheck.DefaultRange()
	}
	return celcheck.Range{Oldest: v}
}

// Validate checks options that do not depend on the input. Each error's
// field is the key of the option in vapgen.yaml (rules[<name>].controllers
// for a rule's setting), so that one read from the file can be shown there.
func (o *Options) Validate() field.ErrorList {
	opts := o.WithDefaults()
	var errs field.ErrorList
	if msgs := validation.IsDNS1123Subdomain(opts.LabelPrefix); len(msgs) > 0 {
		errs = append(errs, field.Invalid(field.NewPath("labelPrefix"), opts.LabelPrefix, strings.Join(msgs, "; ")))
	}
	for _, p := range []struct {
		name  string
		value Profile
	}{{"defaultPolicyProfile", opts.DefaultPolicyProfile}, {"defaultProfile", opts.DefaultProfile}} {
		if _, ok := ParseProfile(string(p.value)); p.value != "" && !ok {
			errs = append(errs, field.NotSupported(field.NewPath(p.name), p.value, []Profile{Baseline, Restricted}))
		}
	}
	controllers := []ControllerMode{ControllersDeny, ControllersWarn, ControllersOff}
	if !slices.Contains(controllers, opts.Controllers) {
		errs = append(errs, field.NotSupported(field.NewPath("controllers"), opts.Controllers, controllers))
	}
	for _, rule := range slices.Sorted(maps.Keys(opts.RuleControllers)) {
		if m := opts.RuleControllers[rule]; !slices.Contains(controllers, m) {
			errs = append(errs, field.NotSupported(field.NewPath("rules").Key(rule).Child("controllers"), m, controllers))
		}
	}
	if opts.Layout != PerRule && opts.Layout != PerProfile {
		errs = append(errs, field.NotSupported(field.NewPath("layout"), opts.Layout, []Layout{PerRule, PerProfile}))
	}
	if _, err := celcheck.ParseVersion(opts.KubernetesVersion); err != nil {
		errs = append(errs, field.Invalid(field.NewPath("kubernetesVersion"), opts.KubernetesVersion, err.Error()))
	}
	if _, err := ParsePSSVersion(opts.PSSVersion); err != nil {
		errs = append(errs, field.Invalid(field.NewPath("pssVersion"), opts.PSSVersion, err.Error()))
	}
	if opts.RequireProfileLabel && opts.LabelGuard.Disabled {
		errs = append(errs, field.Invalid(field.NewPath("requireProfileLabel"), true, "the label guard enforces it: labelGuard.disabled must not be true"))
	}
	if opts.Actions != ActionsFromProfile && opts.Actions != ActionsFromPolicy {
		errs = append(errs, field.NotSupported(field.NewPath("validationActions"), opts.Actions, []ActionSource{ActionsFromProfile, ActionsFromPolicy}))
	}
	return errs
}
