package generator

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/generator/kyverno"
)

// namespaceNameLabel is set by the API server on every namespace.
const namespaceNameLabel = "kubernetes.io/metadata.name"

var defaultOperations = []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}

// filter is one Kyverno resource filter with the field path it came from.
type filter struct {
	path string
	res  kyverno.ResourceDescription
}

// filters flattens a match or exclude block into its resource filters and
// whether they are ORed (any, the legacy form) or ANDed (all).
func filters(m kyverno.MatchResources, path string, p *problems) (list []filter, all bool) {
	if !m.UserInfo.IsEmpty() {
		p.unsupportedf(path, "selecting requests by subjects, roles or clusterRoles")
	}
	count := 0
	if len(m.Any) > 0 {
		count++
	}
	if len(m.All) > 0 {
		count++
	}
	if m.Resources != nil {
		count++
	}
	if count > 1 {
		p.errorf(path, "set only one of any, all and resources")
		return nil, false
	}
	if m.Resources != nil {
		return []filter{{path: path + ".resources", res: *m.Resources}}, false
	}
	entries, key := m.Any, "any"
	if len(m.All) > 0 {
		entries, key, all = m.All, "all", true
	}
	for i, e := range entries {
		at := fmt.Sprintf("%s.%s[%d]", path, key, i)
		if !e.UserInfo.IsEmpty() {
			p.unsupportedf(at, "selecting requests by subjects, roles or clusterRoles")
		}
		if e.Resources == nil {
			if e.UserInfo.IsEmpty() {
				p.errorf(at, "resources is required")
			}
			continue
		}
		list = append(list, filter{path: at + ".resources", res: *e.Resources})
	}
	return list, all
}

// convertMatch turns a rule's match block into matchConstraints. The kinds of
// every filter are joined; the other fields must agree, because a
// ValidatingAdmissionPolicy has one set of selectors.
func convertMatch(m kyverno.MatchResources, path string, p *problems) *admissionregistrationv1.MatchResources {
	list, all := filters(m, path, p)
	if len(list) == 0 {
		if p.ok() {
			p.errorf(path, "match selects no resources")
		}
		return nil
	}
	if all && len(list) > 1 {
		p.unsupportedf(path+".all", "match.all with several entries; use one entry or match.any")
		return nil
	}
	first := list[0]
	for _, f := range list[1:] {
		if !sameSelectors(first.res, f.res) {
			p.unsupportedf(f.path, "match.any entries that differ in names, namespaces, selectors, operations or annotations (a ValidatingAdmissionPolicy has one set of selectors)")
			return nil
		}
	}
	mr := &admissionregistrationv1.MatchResources{}
	seen := map[string]bool{}
	for _, f := range list {
		rules := resourceRules(f, p)
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
		p.unsupportedf(first.path+".annotations", "selecting resources by annotations")
	}
	if len(res.Namespaces) > 0 {
		if err := noWildcards(res.Namespaces); err != nil {
			p.add(first.path+".namespaces", err)
		}
		mr.NamespaceSelector = andSelector(mr.NamespaceSelector, metav1.LabelSelectorRequirement{
			Key: namespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: sortedCopy(res.Namespaces)})
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
func resourceRules(f filter, p *problems) []admissionregistrationv1.NamedRuleWithOperations {
	if len(f.res.Kinds) == 0 {
		p.errorf(f.path+".kinds", "kinds is required")
		return nil
	}
	ops, err := operations(f.res.Operations)
	if err != nil {
		p.add(f.path+".operations", err)
	}
	names := f.res.Names
	if f.res.Name != "" {
		names = append([]string{f.res.Name}, names...)
	}
	if err := noWildcards(names); err != nil {
		p.add(f.path+".names", err)
	}
	var rules []admissionregistrationv1.NamedRuleWithOperations
	for i, sel := range f.res.Kinds {
		k, err := resolveKind(sel)
		if err != nil {
			p.add(fmt.Sprintf("%s.kinds[%d]", f.path, i), err)
			continue
		}
		rules = append(rules, ruleFor(k, ops, names))
	}
	return rules
}

func ruleFor(k resolvedKind, ops []admissionregistrationv1.OperationType, names []string) admissionregistrationv1.NamedRuleWithOperations {
	scope := admissionregistrationv1.ClusterScope
	if k.Namespaced {
		scope = admissionregistrationv1.NamespacedScope
	}
	return admissionregistrationv1.NamedRuleWithOperations{
		ResourceNames: sortedCopy(names),
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
		return slices.Clone(defaultOperations), nil
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
			return errUnsupported("wildcard name %q (selectors match exact names only)", n)
		}
	}
	return nil
}

func sortedCopy(in []string) []string {
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
