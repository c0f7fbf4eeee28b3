// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package versions is the generator's Pod Security Standards version stage.
// A rule whose policy declares how it depends on the version (annotations
// vapgen.io/pss-since and vapgen.io/pss-changes) becomes one variant per
// range of versions in which it behaves the same, its pssVersion variable
// set to the range's first version; the bind stage binds each variant where
// a namespace's version label names one of its versions, as Pod Security
// Admission's enforce-version, warn-version and audit-version labels do. A
// rule that declares nothing is left as it is: it applies at every version.
package versions

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/diag"
)

// Split replaces every version-dependent rule by its variants; problems
// with the annotations go to diags.
func Split(rules []*model.Rule, opts *model.Options, diags *diag.List) []*model.Rule {
	var out []*model.Rule
	for _, r := range rules {
		ranges, ok := rangesOf(r, diags)
		switch {
		case !ok:
		case ranges == nil:
			out = append(out, r)
		default:
			out = append(out, variants(r, ranges, opts.DefaultPSS())...)
		}
	}
	return out
}

// rangesOf reads a rule's annotations into the ranges of versions in which
// it behaves the same; nil when it declares none.
func rangesOf(r *model.Rule, diags *diag.List) ([]model.PSSRange, bool) {
	since, hasSince := r.Annotations[model.PSSSinceAnnotation]
	changes, hasChanges := r.Annotations[model.PSSChangesAnnotation]
	if !hasSince && !hasChanges {
		return nil, true
	}
	o := r.Origin
	p := report.New(o.Doc, o.Subject())
	defer p.Report(diags, false)
	at := func(key string) *field.Path { return field.NewPath("metadata", "annotations").Key(key) }
	starts := map[uint]bool{model.OldestPSS: true}
	first := model.OldestPSS
	if hasSince {
		m, err := model.ParsePSSVersion(since)
		if err != nil {
			p.Errorf(at(model.PSSSinceAnnotation), "%v", err)
			return nil, false
		}
		first, starts = m, map[uint]bool{m: true}
	}
	if hasChanges {
		for _, v := range strings.Split(changes, ",") {
			m, err := model.ParsePSSVersion(strings.TrimSpace(v))
			if err != nil || m <= first {
				p.Errorf(at(model.PSSChangesAnnotation), "%q: want versions v1.N after %s, comma-separated", v, model.PSSLabel(first))
				return nil, false
			}
			starts[m] = true
		}
		if !hasVariable(r) {
			p.Errorf(at(model.PSSChangesAnnotation), "the rule changes with the version but declares no CEL variable %s to read it from", model.PSSVariable)
			return nil, false
		}
	}
	var ranges []model.PSSRange
	froms := slices.Sorted(maps.Keys(starts))
	for i, from := range froms {
		to := model.NewestPSS
		if i+1 < len(froms) {
			to = froms[i+1] - 1
		}
		ranges = append(ranges, model.PSSRange{From: from, To: to})
	}
	return ranges, true
}

func hasVariable(r *model.Rule) bool {
	return slices.ContainsFunc(r.Spec.Variables, func(v admissionregistrationv1.Variable) bool { return v.Name == model.PSSVariable })
}

// variants are a rule's copies, one per range: the one that holds the
// default version keeps the rule's name, the others add the range's first
// version (name-pss-v1-30). All keep the rule's opt-out label.
func variants(r *model.Rule, ranges []model.PSSRange, defaultPSS uint) []*model.Rule {
	var out []*model.Rule
	for _, rg := range ranges {
		v := *r
		v.Spec = *r.Spec.DeepCopy()
		v.Annotations = maps.Clone(r.Annotations)
		v.Annotations[model.PSSVersionsAnnotation] = rg.String()
		v.Scope.OptOut = r.OptOutName()
		v.PSS = &model.PSSVariant{PSSRange: rg, Family: r.Name}
		if !rg.Contains(defaultPSS) {
			v.Name = naming.Shorten(fmt.Sprintf("%s-pss-v1-%d", r.Name, rg.From), naming.MaxLength)
		}
		for i := range v.Spec.Variables {
			if v.Spec.Variables[i].Name == model.PSSVariable {
				v.Spec.Variables[i].Expression = strconv.FormatUint(uint64(rg.From), 10)
			}
		}
		out = append(out, &v)
	}
	return out
}
