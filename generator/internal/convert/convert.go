// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package convert is the generator's first stage: it turns Kyverno policy
// documents (kyverno.io ClusterPolicy and Policy rules with validate.cel,
// policies.kyverno.io ValidatingPolicies) into neutral rules, each with its
// generated name, and reports what cannot be converted at its field.
package convert

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// policyKinds maps the API group of the policy kinds vapgen reads to their
// versions.
var policyKinds = map[string]struct {
	kinds    []string
	versions []string
}{
	"kyverno.io":          {kinds: []string{"ClusterPolicy", "Policy"}, versions: []string{"v1", "v2beta1", "v2"}},
	"policies.kyverno.io": {kinds: []string{"ValidatingPolicy", "NamespacedValidatingPolicy", "MutatingPolicy", "NamespacedMutatingPolicy"}, versions: []string{"v1alpha1", "v1beta1", "v1"}},
}

var (
	kindPath       = field.NewPath("kind")
	apiVersionPath = field.NewPath("apiVersion")
)

type converter struct {
	opts      *model.Options
	known     *kinds.Table
	diags     *diag.List
	rules     []*model.Rule
	mutations []*model.Mutation
}

// Rules converts every policy document but MutatingPolicies, as Policies
// does.
func Rules(docs []*yamldoc.Document, opts *model.Options, known *kinds.Table, diags *diag.List) []*model.Rule {
	rules, _ := Policies(docs, opts, known, diags)
	return rules
}

// Policies converts every policy document, resolving kinds in known, and
// names the rules and mutations; documents of other API groups are ignored.
// Problems go to diags.
func Policies(docs []*yamldoc.Document, opts *model.Options, known *kinds.Table, diags *diag.List) ([]*model.Rule, []*model.Mutation) {
	c := &converter{opts: opts, known: known, diags: diags}
	for _, doc := range docs {
		c.convert(doc)
	}
	for _, r := range c.rules {
		c.name(r)
	}
	c.rules = RejectDuplicates(c.rules, diags)
	c.mutations = rejectMutationClashes(c.mutations, c.rules, diags)
	c.rejectUnknownRuleSettings()
	return c.rules, c.mutations
}

// convert dispatches a document by its apiVersion and kind. Other kinds of
// Kyverno's policy groups change what policies mean, so they cannot be
// ignored.
func (c *converter) convert(doc *yamldoc.Document) {
	group, version, found := strings.Cut(doc.APIVersion, "/")
	if !found {
		return
	}
	known, ok := policyKinds[group]
	if !ok {
		return
	}
	p := report.New(doc, fmt.Sprintf("%s %q", doc.Kind, doc.Name))
	switch {
	case doc.Kind == "PolicyException":
		// the exception stage reads it (generator/internal/exceptions)
	case !slices.Contains(known.kinds, doc.Kind):
		p.Unsupportedf(kindPath, "kind %s of %s", doc.Kind, group)
	case !slices.Contains(known.versions, version):
		p.Errorf(apiVersionPath, "unknown apiVersion %s for %s (want %s)", doc.APIVersion, doc.Kind, versionsOf(group, known.versions))
	case doc.Kind == "ValidatingPolicy" || doc.Kind == "NamespacedValidatingPolicy":
		c.validatingPolicy(doc)
	case doc.Kind == "MutatingPolicy" || doc.Kind == "NamespacedMutatingPolicy":
		c.mutatingPolicy(doc)
	default:
		c.clusterPolicy(doc)
	}
	p.Report(c.diags, c.opts.SkipUnsupported)
}

func versionsOf(group string, versions []string) string {
	out := make([]string, len(versions))
	for i, v := range versions {
		out[i] = group + "/" + v
	}
	return strings.Join(out, " or ")
}

// decode decodes a document strictly, reporting every problem at its field.
func (c *converter) decode(doc *yamldoc.Document, v any) bool {
	errs := doc.Decode(v)
	p := report.New(doc, fmt.Sprintf("%s %q", doc.Kind, doc.Name))
	p.Fields(errs)
	p.Report(c.diags, false)
	return len(errs) == 0
}

// rejectUnknownRuleSettings reports per-rule settings for names no rule has,
// which are most likely typos.
func (c *converter) rejectUnknownRuleSettings() {
	names := map[string]bool{}
	for _, r := range c.rules {
		names[r.Name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(c.opts.RuleControllers)) {
		if !names[name] {
			c.diags.Errorf(diag.Position{File: model.ConfigFile}, "rules["+name+"]", "no generated policy has that name")
		}
	}
}
