// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"fmt"
	"sort"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
)

// applyExclude narrows matchConstraints by a rule's exclude block. Each
// exclude entry must say one thing that a selector can negate: kinds (with
// names and operations), namespaces, one object label requirement or one
// namespace label requirement; or name subjects only, which a
// matchCondition negates (subjectConditions).
func applyExclude(mr *admissionregistrationv1.MatchResources, ex *kyverno.MatchResources, path *field.Path, known *kinds.Table, p *report.Problems) {
	if ex == nil || mr == nil {
		return
	}
	list, all := filters(*ex, path, p)
	if all && len(list) > 1 {
		p.Unsupportedf(path.Child("all"), "exclude.all with several entries (the negation of an AND is an OR, which selectors cannot say)")
		return
	}
	for _, f := range list {
		excludeOne(mr, f, known, p)
	}
}

func excludeOne(mr *admissionregistrationv1.MatchResources, f filter, known *kinds.Table, p *report.Problems) {
	switch {
	case f.subjectsOnly:
		return // a matchCondition (subjectConditions)
	case len(f.subjects) > 0:
		p.Unsupportedf(f.path, "an exclude entry that combines resources with subjects (write one entry per condition)")
		return
	}
	r := f.res
	set := 0
	for _, present := range []bool{len(r.Kinds) > 0, len(r.Namespaces) > 0, r.Selector != nil, r.NamespaceSelector != nil, len(r.Annotations) > 0} {
		if present {
			set++
		}
	}
	if set != 1 || (len(r.Kinds) == 0 && (len(r.Names) > 0 || r.Name != "" || len(r.Operations) > 0)) {
		p.Unsupportedf(f.path, "an exclude entry that combines several conditions (write one entry per condition)")
		return
	}
	switch {
	case len(r.Kinds) > 0:
		mr.ExcludeResourceRules = append(mr.ExcludeResourceRules, resourceRules(f, known, p)...)
	case len(r.Namespaces) > 0:
		if err := noWildcards(r.Namespaces); err != nil {
			p.Add(f.path.Child("namespaces"), err)
			return
		}
		mr.NamespaceSelector = andSelector(mr.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpNotIn, Values: SortedCopy(r.Namespaces)})
	case r.Selector != nil:
		req, err := Negate(r.Selector)
		if err != nil {
			p.Add(f.path.Child("selector"), err)
			return
		}
		mr.ObjectSelector = andSelector(mr.ObjectSelector, req)
	case r.NamespaceSelector != nil:
		req, err := Negate(r.NamespaceSelector)
		if err != nil {
			p.Add(f.path.Child("namespaceSelector"), err)
			return
		}
		mr.NamespaceSelector = andSelector(mr.NamespaceSelector, req)
	default:
		p.Unsupportedf(f.path.Child("annotations"), "excluding resources by annotations")
	}
}

// Negate returns the requirement that matches exactly what s does not match.
// Only a selector with a single requirement can be negated.
func Negate(s *metav1.LabelSelector) (metav1.LabelSelectorRequirement, error) {
	var reqs []metav1.LabelSelectorRequirement
	keys := make([]string, 0, len(s.MatchLabels))
	for k := range s.MatchLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: k, Operator: metav1.LabelSelectorOpIn, Values: []string{s.MatchLabels[k]}})
	}
	reqs = append(reqs, s.MatchExpressions...)
	if len(reqs) != 1 {
		return metav1.LabelSelectorRequirement{}, report.Unsupported("excluding by a selector with %d requirements (only one can be negated into a selector)", len(reqs))
	}
	req := reqs[0]
	opposite := map[metav1.LabelSelectorOperator]metav1.LabelSelectorOperator{
		metav1.LabelSelectorOpIn:           metav1.LabelSelectorOpNotIn,
		metav1.LabelSelectorOpNotIn:        metav1.LabelSelectorOpIn,
		metav1.LabelSelectorOpExists:       metav1.LabelSelectorOpDoesNotExist,
		metav1.LabelSelectorOpDoesNotExist: metav1.LabelSelectorOpExists,
	}
	op, ok := opposite[req.Operator]
	if !ok {
		return req, fmt.Errorf("unknown selector operator %q", req.Operator)
	}
	return metav1.LabelSelectorRequirement{Key: req.Key, Operator: op, Values: req.Values}, nil
}
