// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"slices"
	"sort"
	"strings"

	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/evaluator"
)

// modeLabels are vapgen's namespace labels that are not opt-outs.
var modeLabels = []string{"profile", "warn", "audit"}

// excludeValue is the value of an opt-out label.
const excludeValue = "exclude"

// Rules knows which opt-out label lifts what a policy and binding decide.
type Rules struct {
	Prefix string
	// byBinding: binding name → the opt-out label its namespaceSelector
	// requires to be absent (<prefix>/<rule> NotIn [exclude]).
	byBinding map[string]string
	// byValidation: policy name → per validation, the opt-out label its
	// expression reads ("" for none): the per-profile layout, where one
	// policy holds many rules.
	byValidation map[string][]string
	category     map[string]string
}

// InferPrefixes returns the label prefixes the bindings of a set select
// on: the keys <prefix>/profile, <prefix>/warn and <prefix>/audit of their
// namespace selectors. Sorted.
func InferPrefixes(set *evaluator.Set) []string {
	found := map[string]bool{}
	for _, b := range set.Bindings() {
		for _, req := range selectorRequirements(b) {
			for _, mode := range modeLabels {
				if prefix, ok := strings.CutSuffix(req.Key, "/"+mode); ok && prefix != "" {
					found[prefix] = true
				}
			}
		}
	}
	out := make([]string, 0, len(found))
	for p := range found {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// NewRules reads the opt-out labels of every binding and validation of set.
func NewRules(set *evaluator.Set, prefix string) *Rules {
	r := &Rules{Prefix: prefix, byBinding: map[string]string{}, byValidation: map[string][]string{}, category: map[string]string{}}
	for _, b := range set.Bindings() {
		for _, req := range selectorRequirements(b) {
			if req.Operator == metav1.LabelSelectorOpNotIn && slices.Contains(req.Values, excludeValue) && r.isOptOut(req.Key) {
				r.byBinding[b.Name] = req.Key
			}
		}
	}
	for _, p := range set.Policies() {
		keys := make([]string, len(p.Spec.Validations))
		reads := false
		for i, v := range p.Spec.Validations {
			keys[i] = r.optOutRead(v.Expression)
			reads = reads || keys[i] != ""
		}
		if reads {
			r.byValidation[p.Name] = keys
		}
		r.category[p.Name] = categoryOf(p.Annotations)
	}
	return r
}

// isOptOut reports whether key is an opt-out label: <prefix>/<rule> for a
// rule that is not a mode.
func (r *Rules) isOptOut(key string) bool {
	name, ok := strings.CutPrefix(key, r.Prefix+"/")
	return ok && name != "" && !slices.Contains(modeLabels, name)
}

// RuleName is the rule an opt-out label lifts: the key without the prefix.
func (r *Rules) RuleName(key string) string { return strings.TrimPrefix(key, r.Prefix+"/") }

// optOutRead returns the opt-out label an expression compares with
// "exclude", read from its parsed syntax tree: the one string literal
// that is an opt-out label, in an expression that also holds the literal
// "exclude". Anything else (none, several, unparsable) is "".
func (r *Rules) optOutRead(expr string) string {
	p, err := parser.NewParser(parser.EnableOptionalSyntax(true), parser.MaxRecursionDepth(250))
	if err != nil {
		return ""
	}
	parsed, errs := p.Parse(common.NewTextSource(expr))
	if errs != nil && len(errs.GetErrors()) > 0 {
		return ""
	}
	keys := map[string]bool{}
	exclude := false
	ast.PreOrderVisit(parsed.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.LiteralKind {
			return
		}
		if s, ok := e.AsLiteral().(types.String); ok {
			exclude = exclude || string(s) == excludeValue
			if r.isOptOut(string(s)) {
				keys[string(s)] = true
			}
		}
	}))
	if !exclude || len(keys) != 1 {
		return ""
	}
	for k := range keys {
		return k
	}
	return ""
}

// selectorRequirements are the match expressions of a binding's
// namespaceSelector.
func selectorRequirements(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding) []metav1.LabelSelectorRequirement {
	if b.Spec.MatchResources == nil || b.Spec.MatchResources.NamespaceSelector == nil {
		return nil
	}
	return b.Spec.MatchResources.NamespaceSelector.MatchExpressions
}

// categoryOf is a policy's report category: its profile, as Kyverno's Pod
// Security policies name it.
func categoryOf(annotations map[string]string) string {
	switch annotations["vapgen.io/profile"] {
	case "baseline":
		return "Pod Security Standards (Baseline)"
	case "restricted":
		return "Pod Security Standards (Restricted)"
	}
	return ""
}
