// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package layout is the generator's layout stage: it decides which
// ValidatingAdmissionPolicies the checked rules become and how each is to be
// bound. PerRule keeps one policy per rule and pod template path; PerProfile
// merges the rules of a profile into one policy per path, each validation
// lifted by its rule's opt-out label read from namespaceObject.
package layout

import (
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/internal/diag"
)

// Arrange lays the checked rules out as the options say. Problems (a merged
// policy named like another) go to diags.
func Arrange(rules []model.Checked, opts *model.Options, diags *diag.List) []*model.Group {
	if opts.Layout == model.PerProfile {
		return perProfile(rules, opts, diags)
	}
	var groups []*model.Group
	families := map[string]*model.Group{}
	for _, c := range rules {
		g := perRule(c, opts)
		if c.Rule.PSS == nil {
			groups = append(groups, g)
			continue
		}
		// The mode copies of a version-dependent rule share its file.
		key := c.Rule.Scope.Overlay + "/" + c.Rule.PSS.Family
		if f, ok := families[key]; ok {
			f.Outputs = append(f.Outputs, g.Outputs...)
			continue
		}
		g.Name = c.Rule.PSS.Family
		families[key] = g
		groups = append(groups, g)
	}
	return groups
}

// perRule is a rule's own group: each of its policies bound in namespaces
// labelled with a profile that includes the rule's, unless they opt out of
// it.
func perRule(c model.Checked, opts *model.Options) *model.Group {
	r := c.Rule
	g := &model.Group{Name: r.Name, Profile: r.Profile, Overlay: r.Scope.Overlay, Dir: dirOf(r.Profile, r.Scope.Overlay), Origin: r.Origin}
	d := opts.DefaultProfile
	for _, p := range c.Policies {
		g.Outputs = append(g.Outputs, &model.Output{
			VAP:           p.VAP,
			Profile:       r.Profile,
			ProfileValues: model.ProfilesIncluding(r.Profile),
			OptOut:        r.OptOutName(),
			Only:          r.Scope.Only,
			Skip:          r.Scope.Skip,
			Enforce:       EnforceActions(p, opts),
			ParamRef:      r.ParamRef,
			Default:       d != "" && (d == r.Profile || d == model.Restricted),
			Mode:          modeOf(r),
		})
	}
	return g
}

// dirOf is the folder of the output tree a group goes into.
func dirOf(p model.Profile, overlay string) string {
	if overlay != "" {
		return "overlays/" + overlay
	}
	return string(p)
}

// EnforceActions are the actions of a policy's enforce bindings: Warn for a
// pod template policy of a rule with controllers: warn, the source policy's
// own with validationActions: policy, else Deny.
func EnforceActions(p *model.Policy, opts *model.Options) []admissionregistrationv1.ValidationAction {
	switch {
	case p.Template != "" && opts.ControllersFor(p.Rule.OptOutName()) == model.ControllersWarn:
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}
	case opts.Actions == model.ActionsFromPolicy:
		return p.Rule.Actions
	}
	return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
}

// RejectDuplicatePolicies reports generated policies that share a name, such
// as a rule's policy named like a policy of the per-profile layout, at the
// rule.
func RejectDuplicatePolicies(groups []*model.Group, opts *model.Options, diags *diag.List) {
	seen := map[string]*model.Group{}
	for _, g := range groups {
		for _, out := range g.Outputs {
			other, dup := seen[out.VAP.Name]
			seen[out.VAP.Name] = g
			if !dup {
				continue
			}
			at := g
			if at.Origin.Doc == nil {
				at = other
			}
			msg := fmt.Sprintf("two generated policies are named %q (the %s layout names its policies %s<profile>...); rename the policy or rule", out.VAP.Name, opts.Layout, MergedPrefix)
			if o := at.Origin; o.Doc != nil {
				*diags = append(*diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path.String()), o.Subject(), msg))
			} else {
				diags.Errorf(diag.Position{File: "per-profile layout"}, "", "%s", msg)
			}
		}
	}
}

// modeOf is the one mode a rule's copy is bound for; nil: every mode.
func modeOf(r *model.Rule) *model.Mode {
	if r.PSS == nil {
		return nil
	}
	return &r.PSS.Mode
}
