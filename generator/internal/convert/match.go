// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
)

// DefaultOperations are the operations a rule matches when it names none.
var DefaultOperations = []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}

// filter is one Kyverno resource filter with the field path it came from
// and the subjects it selects requests by (none: every requester).
type filter struct {
	path     *field.Path
	res      kyverno.ResourceDescription
	subjects json.RawMessage
	// subjectsOnly is set on an entry with subjects and no resources.
	subjectsOnly bool
}

// filters flattens a match or exclude block into its resource filters and
// whether they are ORed (any, the legacy form) or ANDed (all). Roles and
// cluster roles cannot be read by CEL.
func filters(m kyverno.MatchResources, path *field.Path, p *report.Problems) (list []filter, all bool) {
	noRoles(m.UserInfo, path, p)
	count := 0
	if len(m.Any) > 0 {
		count++
	}
	if len(m.All) > 0 {
		count++
	}
	if m.Resources != nil || len(m.Subjects) > 0 {
		count++
	}
	if count > 1 {
		p.Errorf(path, "set only one of any, all and resources")
		return nil, false
	}
	if m.Resources != nil || len(m.Subjects) > 0 {
		return []filter{filterOf(kyverno.ResourceFilter{UserInfo: m.UserInfo, Resources: m.Resources}, path)}, false
	}
	entries, key := m.Any, "any"
	if len(m.All) > 0 {
		entries, key, all = m.All, "all", true
	}
	for i, e := range entries {
		at := path.Child(key).Index(i)
		noRoles(e.UserInfo, at, p)
		if e.Resources == nil && len(e.Subjects) == 0 {
			if e.UserInfo.IsEmpty() {
				p.Errorf(at, "resources is required")
			}
			continue
		}
		list = append(list, filterOf(e, at))
	}
	return list, all
}

func filterOf(e kyverno.ResourceFilter, at *field.Path) filter {
	f := filter{path: at, subjects: e.Subjects, subjectsOnly: e.Resources == nil}
	if e.Resources != nil {
		f.res, f.path = *e.Resources, at.Child("resources")
	}
	return f
}

func noRoles(u kyverno.UserInfo, path *field.Path, p *report.Problems) {
	if len(u.Roles) > 0 || len(u.ClusterRoles) > 0 {
		p.Unsupportedf(path, "selecting requests by roles or clusterRoles (CEL cannot read role bindings)")
	}
}

// convertMatch turns a rule's match block into matchConstraints. The kinds of
// every filter are joined; the other fields must agree, because a
// ValidatingAdmissionPolicy has one set of selectors.
func convertMatch(m kyverno.MatchResources, path *field.Path, known *kinds.Table, p *report.Problems) *admissionregistrationv1.MatchResources {
	list, all := filters(m, path, p)
	if len(list) == 0 {
		if p.OK() {
			p.Errorf(path, "match selects no resources")
		}
		return nil
	}
	if all && len(list) > 1 {
		p.Unsupportedf(path.Child("all"), "match.all with several entries; use one entry or match.any")
		return nil
	}
	first := list[0]
	for _, f := range list {
		if f.subjectsOnly {
			p.Unsupportedf(f.path, "a match entry with subjects and no resources (it would select every kind)")
			return nil
		}
	}
	for _, f := range list[1:] {
		if !sameSelectors(first.res, f.res) || string(f.subjects) != string(first.subjects) {
			p.Unsupportedf(f.path, "match.any entries that differ in names, namespaces, selectors, operations, annotations or subjects (a ValidatingAdmissionPolicy has one set of selectors)")
			return nil
		}
	}
	mr := &admissionregistrationv1.MatchResources{}
	seen := map[string]bool{}
	for _, f := range list {
		rules := resourceRules(f, known, p)
		for _, r := range rules {
			key := fmt.Sprint(r)
			if !seen[key] {
				seen[key] = true
				mr.ResourceRules = append(mr.ResourceRules, r)
			}
		}
	}
	res := first.res
	if len(res.Annotations) > 0 {
		p.Unsupportedf(first.path.Child("annotations"), "selecting resources by annotations")
	}
	if len(res.Namespaces) > 0 {
		if err := noWildcards(res.Namespaces); err != nil {
			p.Add(first.path.Child("namespaces"), err)
		}
		mr.NamespaceSelector = andSelector(mr.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: model.NamespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: SortedCopy(res.Namespaces)})
	}
	if res.NamespaceSelector != nil {
		mr.NamespaceSelector = andSelectors(mr.NamespaceSelector, res.NamespaceSelector)
	}
	if res.Selector != nil {
		mr.ObjectSelector = res.Selector.DeepCopy()
	}
	return mr
}

func sameSelectors(a, b kyverno.ResourceDescription) bool {
	a.Kinds, b.Kinds = nil, nil
	return reflect.DeepEqual(a, b)
}

// resourceRules turns a filter's kinds, names and operations into rules.
func resourceRules(f filter, known *kinds.Table, p *report.Problems) []admissionregistrationv1.NamedRuleWithOperations {
	if len(f.res.Kinds) == 0 {
		p.Errorf(f.path.Child("kinds"), "kinds is required")
		return nil
	}
	ops, err := operations(f.res.Operations)
	if err != nil {
		p.Add(f.path.Child("operations"), err)
	}
	names := f.res.Names
	if f.res.Name != "" {
		names = append([]string{f.res.Name}, names...)
	}
	if err := noWildcards(names); err != nil {
		p.Add(f.path.Child("names"), err)
	}
	var rules []admissionregistrationv1.NamedRuleWithOperations
	for i, sel := range f.res.Kinds {
		k, err := known.Resolve(sel)
		if err != nil {
			p.Add(f.path.Child("kinds").Index(i), err)
			continue
		}
		rules = append(rules, RuleFor(k, ops, names))
	}
	return rules
}

// RuleFor is the resource rule that matches a kind.
func RuleFor(k kinds.Resolved, ops []admissionregistrationv1.OperationType, names []string) admissionregistrationv1.NamedRuleWithOperations {
	scope := admissionregistrationv1.ClusterScope
	switch {
	case k.Wildcard:
		scope = admissionregistrationv1.AllScopes
	case k.Namespaced:
		scope = admissionregistrationv1.NamespacedScope
	}
	return admissionregistrationv1.NamedRuleWithOperations{
		ResourceNames: SortedCopy(names),
		RuleWithOperations: admissionregistrationv1.RuleWithOperations{
			Operations: ops,
			Rule: admissionregistrationv1.Rule{
				APIGroups:   []string{k.GVK.Group},
				APIVersions: []string{k.GVK.Version},
				Resources:   []string{k.ResourcePath()},
				Scope:       &scope,
			},
		},
	}
}

func operations(in []string) ([]admissionregistrationv1.OperationType, error) {
	if len(in) == 0 {
		return slices.Clone(DefaultOperations), nil
	}
	var out []admissionregistrationv1.OperationType
	for _, op := range in {
		o := admissionregistrationv1.OperationType(strings.ToUpper(op))
		switch o {
		case admissionregistrationv1.Create, admissionregistrationv1.Update, admissionregistrationv1.Delete, admissionregistrationv1.Connect:
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		default:
			return nil, fmt.Errorf("unknown operation %q (want CREATE, UPDATE, DELETE or CONNECT)", op)
		}
	}
	return out, nil
}

func noWildcards(names []string) error {
	for _, n := range names {
		if strings.ContainsAny(n, "*?") {
			return report.Unsupported("wildcard name %q (selectors match exact names only)", n)
		}
	}
	return nil
}

// SortedCopy is a sorted copy of in without duplicates (nil when empty).
func SortedCopy(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	out := slices.Clone(in)
	sort.Strings(out)
	return slices.Compact(out)
}

// andSelector adds a requirement to a selector (nil means none yet).
func andSelector(s *metav1.LabelSelector, req metav1.LabelSelectorRequirement) *metav1.LabelSelector {
	if s == nil {
		s = &metav1.LabelSelector{}
	}
	s.MatchExpressions = append(s.MatchExpressions, req)
	return s
}

// andSelectors returns a selector that matches what both match.
func andSelectors(s, other *metav1.LabelSelector) *metav1.LabelSelector {
	if s == nil {
		return other.DeepCopy()
	}
	for k, v := range other.MatchLabels {
		s = andSelector(s, metav1.LabelSelectorRequirement{Key: k, Operator: metav1.LabelSelectorOpIn, Values: []string{v}})
	}
	s.MatchExpressions = append(s.MatchExpressions, other.DeepCopy().MatchExpressions...)
	return s
}
