// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package overlay

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Apply reads the overlays among docs and returns rules with, for every
// base rule an overlay relaxes, a copy bound to the overlay's namespaces
// only; the base rule skips them. So in every namespace exactly one of the
// two applies, in the same generated set. Problems go to diags.
func Apply(docs []*yamldoc.Document, rules []*model.Rule, known *kinds.Table, diags *diag.List) []*model.Rule {
	byName := map[string]*model.Rule{}
	for _, r := range rules {
		byName[r.Name] = r
	}
	// owner[rule][namespace] is the overlay that replaces rule there.
	owner := map[string]map[string]string{}
	var added []*model.Rule
	for _, o := range load(docs, diags) {
		p := report.New(o.doc, fmt.Sprintf("overlay %q", o.Name))
		replaced := map[string]bool{}
		allow := o.Spec.Allow.allowListVariables()
		for _, variable := range slices.Sorted(maps.Keys(allow)) {
			targets := rulesWithVariable(rules, variable)
			if len(targets) == 0 {
				p.Errorf(field.NewPath("spec", "allow"), "no rule declares the allow-list variable %q that this overlay extends", variable)
			}
			for _, base := range targets {
				replaced[base.Name] = true
				added = append(added, extendedCopy(base, o, variable, allow[variable]))
			}
		}
		for i, r := range o.Spec.Replace {
			at := field.NewPath("spec", "replace").Index(i)
			base, ok := byName[r.Rule]
			if !ok {
				p.Errorf(at.Child("rule"), "no rule generates the policy %q", r.Rule)
				continue
			}
			if replaced[r.Rule] {
				p.Errorf(at.Child("rule"), "rule %q is already replaced by this overlay's allow-lists", r.Rule)
				continue
			}
			replaced[r.Rule] = true
			if copied := replacement(base, o, at.Child("with"), &r.With, known, diags); copied != nil {
				added = append(added, copied)
			}
		}
		for _, rule := range slices.Sorted(maps.Keys(replaced)) {
			if owner[rule] == nil {
				owner[rule] = map[string]string{}
			}
			for _, ns := range o.Spec.Namespaces {
				if other, taken := owner[rule][ns]; taken {
					p.Errorf(field.NewPath("spec", "namespaces"), "overlays %q and %q both replace rule %q in namespace %q", other, o.Name, rule, ns)
				}
				owner[rule][ns] = o.Name
			}
			base := byName[rule]
			base.Scope.Skip = convert.SortedCopy(append(base.Scope.Skip, o.Spec.Namespaces...))
		}
		p.Report(diags, false)
	}
	return convert.RejectDuplicates(append(rules, added...), diags)
}

func rulesWithVariable(rules []*model.Rule, variable string) []*model.Rule {
	var out []*model.Rule
	for _, r := range rules {
		if r.Scope.Overlay != "" {
			continue
		}
		for _, v := range r.Spec.Variables {
			if v.Name == variable {
				out = append(out, r)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// overlayCopy starts the rule an overlay generates in place of base.
func overlayCopy(base *model.Rule, o loaded) *model.Rule {
	r := &model.Rule{
		Name:        naming.Shorten(base.Name+"-"+o.Name, naming.MaxLength),
		Profile:     base.Profile,
		Origin:      base.Origin,
		Spec:        *base.Spec.DeepCopy(),
		Annotations: maps.Clone(base.Annotations),
		Actions:     base.Actions,
		ParamRef:    base.ParamRef,
		Sources:     base.Sources,
		Exceptions:  base.Exceptions,
		Scope:       model.Scope{Overlay: o.Name, OptOut: base.OptOutName(), Only: convert.SortedCopy(o.Spec.Namespaces)},
	}
	r.Annotations[model.OverlayAnnotation] = o.Name
	r.Annotations[model.OverlaySourceAnnotation] = o.doc.File.Source
	return r
}

// extendedCopy is base with values appended to its allow-list variable.
func extendedCopy(base *model.Rule, o loaded, variable string, values []string) *model.Rule {
	r := overlayCopy(base, o)
	for i := range r.Spec.Variables {
		v := &r.Spec.Variables[i]
		if v.Name == variable {
			v.Expression = fmt.Sprintf("(%s) + %s", strings.TrimSpace(v.Expression), convert.CELStringList(values))
		}
	}
	return r
}

// replacement converts an overlay's custom rule (at path) into the rule that
// replaces base in the overlay's namespaces.
func replacement(base *model.Rule, o loaded, path *field.Path, rule *kyverno.Rule, known *kinds.Table, diags *diag.List) *model.Rule {
	p := report.New(o.doc, fmt.Sprintf("overlay %q replacement of %q", o.Name, base.Name))
	cp := &kyverno.ClusterPolicy{}
	cp.Kind, cp.Name = "ClusterPolicy", o.Name
	converted := convert.Rule(cp, rule, path, known, p)
	p.Report(diags, false)
	if !p.OK() {
		return nil
	}
	r := overlayCopy(base, o)
	r.Origin = model.Origin{Doc: o.doc, PolicyKind: model.OverlayKind, Policy: o.Name, Rule: rule.Name, Path: path}
	r.Spec = converted.Spec
	r.Annotations[model.SourceAnnotation] = o.doc.File.Source
	r.Annotations[model.RuleAnnotation] = rule.Name
	r.Annotations[model.PolicyAnnotation] = model.OverlayKind + "/" + o.Name
	r.Actions, r.ParamRef, r.Sources = converted.Actions, converted.ParamRef, converted.Sources
	return r
}
