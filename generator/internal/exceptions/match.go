// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package exceptions

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
)

// The parts of a request a kyverno.io exception's match reads, in CEL.
// Kyverno reads labels and annotations from the new object, or from the
// old one when there is none (DELETE), and the namespace of a Namespace
// from its name.
const (
	requestObject    = "(object != null ? object : oldObject)"
	objectLabels     = requestObject + ".?metadata.?labels.orValue({})"
	objectAnnotation = requestObject + ".?metadata.?annotations.orValue({})"
	// The request's fields that are left out when empty.
	requestName        = `request.?name.orValue("")`
	requestSubresource = `request.?subResource.orValue("")`
	requestGroup       = `request.kind.?group.orValue("")`
	requestVersion     = `request.kind.?version.orValue("")`
	isCore             = requestGroup + ` == ""`
	requestNamespace   = `(` + isCore + ` && request.kind.kind == "Namespace" ? ` + requestName + ` : request.?namespace.orValue(""))`
	// noSubresource is what a kind selector without a subresource matches:
	// the resource itself and, for pods, the ephemeralcontainers subresource.
	noSubresource = `(` + requestSubresource + ` == "" || (` + isCore + ` && request.kind.kind == "Pod" && ` + requestSubresource + ` == "ephemeralcontainers"))`
)

// matchExpr is the CEL expression that holds for the requests an
// exception's match block selects: any of its filters, or all of them.
// What CEL in a matchCondition cannot read (namespace labels, role
// bindings) is reported; a match block that only selects namespaces by
// labels comes back as a requirement instead (namespaceOnly).
func matchExpr(m kyverno.MatchResources, path *field.Path, p *report.Problems) (expr string, namespaceOnly *metav1.LabelSelector) {
	var entries []kyverno.ResourceFilter
	key, join := "any", " || "
	switch {
	case len(m.Any) > 0 && len(m.All) > 0:
		p.Errorf(path, "set only one of any and all")
		return "", nil
	case len(m.All) > 0:
		entries, key, join = m.All, "all", " && "
	case len(m.Any) > 0:
		entries = m.Any
	case m.Resources != nil || !m.UserInfo.IsEmpty():
		entries, key = []kyverno.ResourceFilter{{UserInfo: m.UserInfo, Resources: m.Resources}}, ""
	default:
		p.Errorf(path, "match selects nothing: give any or all")
		return "", nil
	}
	if len(entries) == 1 && onlyNamespaceSelector(entries[0]) {
		return "", entries[0].Resources.NamespaceSelector
	}
	parts := make([]string, 0, len(entries))
	for i, e := range entries {
		at := path
		if key != "" {
			at = path.Child(key).Index(i)
		}
		parts = append(parts, parenthesized(filterExpr(e, at, p)))
	}
	return strings.Join(parts, join), nil
}

func onlyNamespaceSelector(f kyverno.ResourceFilter) bool {
	r := f.Resources
	return f.UserInfo.IsEmpty() && r != nil && r.NamespaceSelector != nil &&
		len(r.Kinds) == 0 && r.Name == "" && len(r.Names) == 0 && len(r.Namespaces) == 0 &&
		len(r.Annotations) == 0 && r.Selector == nil && len(r.Operations) == 0
}

// filterExpr is the CEL of one filter: every field it sets holds.
func filterExpr(f kyverno.ResourceFilter, path *field.Path, p *report.Problems) string {
	var terms []string
	if len(f.Roles) > 0 || len(f.ClusterRoles) > 0 {
		p.Unsupportedf(path, "an exception that selects requests by roles or clusterRoles (CEL cannot read role bindings)")
	}
	if len(f.Subjects) > 0 {
		terms = append(terms, convert.SubjectsExpr(f.Subjects, path.Child("subjects"), p))
	}
	if r := f.Resources; r != nil {
		terms = append(terms, resourceTerms(r, path.Child("resources"), p)...)
	}
	if len(terms) == 0 {
		p.Errorf(path, "the filter selects nothing: give resources or subjects")
		return "false"
	}
	return strings.Join(terms, " && ")
}

func resourceTerms(r *kyverno.ResourceDescription, path *field.Path, p *report.Problems) []string {
	var terms []string
	if len(r.Kinds) > 0 {
		terms = append(terms, kindsExpr(r.Kinds, path.Child("kinds"), p))
	}
	names := r.Names
	if r.Name != "" {
		names = append([]string{r.Name}, names...)
	}
	if len(names) > 0 {
		terms = append(terms, anyGlob(requestName, names))
	}
	if len(r.Namespaces) > 0 {
		terms = append(terms, anyGlob(requestNamespace, r.Namespaces))
	}
	if len(r.Operations) > 0 {
		terms = append(terms, operationsExpr(r.Operations, path.Child("operations"), p))
	}
	if len(r.Annotations) > 0 {
		terms = append(terms, annotationsExpr(r.Annotations))
	}
	if r.Selector != nil {
		terms = append(terms, selectorExpr(r.Selector, path.Child("selector"), p))
	}
	if r.NamespaceSelector != nil {
		p.Unsupportedf(path.Child("namespaceSelector"), "an exception filter that combines namespaceSelector with other fields, or several filters with one (a matchCondition cannot read namespace labels; give namespaceSelector alone in a single filter)")
	}
	return terms
}

// kindsExpr matches Kyverno kind selectors as Kyverno reads them: `Kind`
// (any group and version), `version/Kind`, `group/version/Kind`, each
// with an optional `/subresource`, and wildcards; a Pod selector also
// matches the pods/ephemeralcontainers subresource.
func kindsExpr(kinds []string, path *field.Path, p *report.Problems) string {
	var alts []string
	for i, k := range kinds {
		group, version, kind, sub, ok := parseKind(k)
		if !ok {
			p.Errorf(path.Index(i), "cannot read kind %q (want Kind, version/Kind or group/version/Kind, each optionally /subresource)", k)
			continue
		}
		subTerm := convert.Glob(requestSubresource, sub)
		if sub == "" {
			subTerm = noSubresource
		}
		terms := slices.DeleteFunc([]string{convert.Glob(requestGroup, group), convert.Glob(requestVersion, version), convert.Glob("request.kind.kind", kind), subTerm},
			func(s string) bool { return s == "true" })
		if len(terms) == 0 {
			return "true"
		}
		alts = append(alts, "("+strings.Join(terms, " && ")+")")
	}
	if len(alts) == 0 {
		return "false"
	}
	return disjunction(alts)
}

var versionPattern = regexp.MustCompile(`^(v\d+((alpha|beta)\d+)?|\*)$`)

// parseKind splits a Kyverno kind selector (a trailing `.sub` counts as
// `/sub`).
func parseKind(s string) (group, version, kind, sub string, ok bool) {
	parts := strings.Split(s, "/")
	last := len(parts) - 1
	parts = append(parts[:last], strings.SplitN(parts[last], ".", 2)...)
	switch len(parts) {
	case 1:
		return "*", "*", parts[0], "", parts[0] != ""
	case 2:
		switch {
		case parts[0] == "*" && parts[1] == "*":
			return "*", "*", "*", "*", true
		case parts[0] == "*" && strings.ToLower(parts[1]) == parts[1]:
			return "*", "*", "*", parts[1], true
		case versionPattern.MatchString(parts[0]):
			return "*", parts[0], parts[1], "", true
		}
		return "*", "*", parts[0], parts[1], true
	case 3:
		if versionPattern.MatchString(parts[0]) {
			return "*", parts[0], parts[1], parts[2], true
		}
		return parts[0], parts[1], parts[2], "", true
	case 4:
		return parts[0], parts[1], parts[2], parts[3], true
	}
	return "", "", "", "", false
}

func operationsExpr(ops []string, path *field.Path, p *report.Problems) string {
	var out []string
	for i, op := range ops {
		o := strings.ToUpper(op)
		if !slices.Contains([]string{"CREATE", "UPDATE", "DELETE", "CONNECT"}, o) {
			p.Errorf(path.Index(i), "unknown operation %q (want CREATE, UPDATE, DELETE or CONNECT)", op)
			continue
		}
		out = append(out, o)
	}
	return "request.operation in " + convert.CELStringList(out)
}

// annotationsExpr holds when, for every key and value pattern, the object
// has an annotation that matches both.
func annotationsExpr(annotations map[string]string) string {
	keys := make([]string, 0, len(annotations))
	for k := range annotations {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var terms []string
	for _, k := range keys {
		terms = append(terms, fmt.Sprintf("%s.exists(k, %s && %s)", objectAnnotation, convert.Glob("k", k), convert.Glob(objectAnnotation+"[k]", annotations[k])))
	}
	return strings.Join(terms, " && ")
}

// selectorExpr is a label selector on the object's labels; matchLabels
// may hold wildcards, as Kyverno allows.
func selectorExpr(s *metav1.LabelSelector, path *field.Path, p *report.Problems) string {
	var terms []string
	keys := make([]string, 0, len(s.MatchLabels))
	for k := range s.MatchLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.ContainsAny(k, "*?") {
			terms = append(terms, fmt.Sprintf("%s.exists(k, %s && %s)", objectLabels, convert.Glob("k", k), convert.Glob(objectLabels+"[k]", s.MatchLabels[k])))
			continue
		}
		has := convert.CELString(k) + " in " + objectLabels
		if value := convert.Glob(objectLabels+"["+convert.CELString(k)+"]", s.MatchLabels[k]); value != "true" {
			has = "(" + has + " && " + value + ")"
		}
		terms = append(terms, has)
	}
	for i, req := range s.MatchExpressions {
		t, err := requirementExpr(req)
		if err != nil {
			p.Add(path.Child("matchExpressions").Index(i), err)
			continue
		}
		terms = append(terms, t)
	}
	if len(terms) == 0 {
		return "true"
	}
	return strings.Join(terms, " && ")
}

func requirementExpr(req metav1.LabelSelectorRequirement) (string, error) {
	has := convert.CELString(req.Key) + " in " + objectLabels
	value := objectLabels + "[" + convert.CELString(req.Key) + "]"
	switch req.Operator {
	case metav1.LabelSelectorOpIn:
		return "(" + has + " && " + value + " in " + convert.CELStringList(req.Values) + ")", nil
	case metav1.LabelSelectorOpNotIn:
		return "!(" + has + " && " + value + " in " + convert.CELStringList(req.Values) + ")", nil
	case metav1.LabelSelectorOpExists:
		return has, nil
	case metav1.LabelSelectorOpDoesNotExist:
		return "!(" + has + ")", nil
	}
	return "", fmt.Errorf("unknown selector operator %q", req.Operator)
}

// anyGlob holds when expr matches one of the patterns.
func anyGlob(expr string, patterns []string) string {
	alts := make([]string, 0, len(patterns))
	for _, pat := range convert.SortedCopy(patterns) {
		alts = append(alts, convert.Glob(expr, pat))
	}
	return disjunction(alts)
}

func disjunction(alts []string) string {
	if slices.Contains(alts, "true") {
		return "true"
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " || ") + ")"
}

func parenthesized(s string) string { return "(" + s + ")" }
