// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator

import (
	"sort"

	"github.com/vapgen/vapgen/generator/internal/bind"
	"github.com/vapgen/vapgen/generator/internal/check"
	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/exceptions"
	"github.com/vapgen/vapgen/generator/internal/guard"
	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/layout"
	"github.com/vapgen/vapgen/generator/internal/messages"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/mutate"
	"github.com/vapgen/vapgen/generator/internal/overlay"
	"github.com/vapgen/vapgen/generator/internal/podrules"
	"github.com/vapgen/vapgen/generator/internal/registry"
	"github.com/vapgen/vapgen/generator/internal/versions"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// The overlay format.
type (
	Overlay     = overlay.Overlay
	OverlaySpec = overlay.OverlaySpec
	Allowances  = overlay.Allowances
	Replacement = overlay.Replacement
)

// policyFiles are the files read under policy and overlay folders: YAML,
// except in the folders of policies' tests and fixtures.
var policyFiles = yamldoc.Walk{
	Extensions: []string{".yaml", ".yml"},
	SkipDirs:   map[string]bool{".chainsaw-test": true, ".kyverno-test": true, "testdata": true},
}

// Generate runs the pipeline (doc.go) and returns one unit per output file.
// Every problem found is returned, sorted; the result is nil when any of
// them is an error.
func Generate(opts Options) (*Result, diag.List) {
	if errs := opts.Validate(); len(errs) > 0 {
		var l diag.List
		for _, e := range errs {
			l = append(l, diag.Diagnostic{Severity: diag.Error, Pos: diag.Position{File: "options"}, Message: yamldoc.Message(e)})
		}
		return nil, l
	}
	o := opts.WithDefaults()
	var diags diag.List
	docs, problems := policyFiles.Load(nil, o.Policies...)
	diags = append(diags, problems...)
	crdDocs, problems := policyFiles.Load(nil, o.CRDs...)
	diags = append(diags, problems...)
	known := kinds.FromDocuments(append(crdDocs, docs...), &diags)
	rules, mutations := convert.Policies(docs, &o, known, &diags)
	exceptions.Apply(docs, rules, mutations, &o, &diags)
	overlayDocs, problems := policyFiles.Load(nil, o.Overlays...)
	diags = append(diags, problems...)
	rules = overlay.Apply(overlayDocs, rules, known, &diags)
	rules = versions.Split(rules, &o, &diags)
	mutations = mutate.Check(mutations, &o, &diags)
	mutate.Bind(mutations, &o)
	mutations = mutate.Validate(mutations, &diags)
	checked := checkRules(rules, &o, defaultsOf(mutations), &diags)
	messages.OptOut(checked, o.LabelPrefix)
	versions.Gate(checked)
	groups := layout.Arrange(checked, &o, &diags)
	if !o.LabelGuard.Disabled {
		if g := labelGuard(&o, checked, mutations, &diags); g != nil {
			groups = append(groups, g)
		}
	}
	layout.RejectDuplicatePolicies(groups, &o, &diags)
	messages.Guard(groups)
	bind.Groups(groups, &o)
	registry.Groups(groups, &diags)
	diags.Sort()
	if diags.HasErrors() {
		return nil, diags
	}
	return &Result{Units: units(groups), Mutations: mutationUnits(mutations), MutationsListed: mutationsListed(&o), Warnings: diags}, nil
}

// checkRules builds every rule's policies and checks them: the rule's own
// policy first, and the pod template policies only of a rule whose own
// policy is sound, so that each problem is reported once. Rules with a
// problem are left out.
func checkRules(rules []*model.Rule, o *model.Options, defaults podrules.Defaults, diags *diag.List) []model.Checked {
	checker := check.New(o)
	var out []model.Checked
	for _, r := range rules {
		own := podrules.Policy(r, o)
		var ownDiags diag.List
		ok := checker.Policy(own, &ownDiags)
		*diags = append(*diags, ownDiags...)
		if !ok {
			continue
		}
		templates, ok := podrules.Templates(r, o, defaults, diags)
		var templateDiags diag.List
		for _, t := range templates {
			ok = checker.Policy(t, &templateDiags) && ok
		}
		*diags = append(*diags, templateWarnings(templateDiags, len(ownDiags) > 0)...)
		if ok {
			out = append(out, model.Checked{Rule: r, Policies: append([]*model.Policy{own}, templates...)})
		}
	}
	return out
}

func defaultsOf(ms []*model.Mutation) podrules.Defaults {
	out := podrules.Defaults{}
	for _, m := range ms {
		out[m.Origin.Policy] = m
	}
	return out
}

// templateWarnings drops the warnings of a rule's pod template policies
// when its pod policy had some already: they are the same findings, on the
// rewritten expressions.
func templateWarnings(l diag.List, ownWarned bool) diag.List {
	if !ownWarned {
		return l
	}
	var out diag.List
	for _, d := range l {
		if d.Severity != diag.Warning {
			out = append(out, d)
		}
	}
	return out
}

// labelGuard builds and checks the label guard, which lists the opt-out
// labels of the rules (overlay copies use their base rule's) and mutations
// by name.
func labelGuard(o *model.Options, rules []model.Checked, mutations []*model.Mutation, diags *diag.List) *model.Group {
	var names []string
	for _, c := range rules {
		names = append(names, c.Rule.OptOutName())
	}
	for _, m := range mutations {
		names = append(names, m.Name)
	}
	g := guard.Group(o, names)
	if err := check.New(o).Generated(g.Outputs[0].VAP); err != nil {
		diags.Errorf(diag.Position{File: "label guard"}, "", "internal error: the generated label guard does not compile: %v", err)
		return nil
	}
	return g
}

// units are the groups as the output writes them, sorted by folder and name.
func units(groups []*model.Group) []*Unit {
	out := make([]*Unit, 0, len(groups))
	for _, g := range groups {
		out = append(out, unitOf(g))
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Dir() != b.Dir() {
			return a.Dir() < b.Dir()
		}
		return a.Name < b.Name
	})
	return out
}
