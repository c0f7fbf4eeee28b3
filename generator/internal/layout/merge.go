// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package layout

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/celvars"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// mergePart is a per-rule policy that goes into a merged one, with the
// namespace label that lifts it.
type mergePart struct {
	policy *admissionregistrationv1.ValidatingAdmissionPolicy
	optOut string
}

// mergePolicies builds one policy with the validations of all parts, which
// match the same requests. For each part, in order:
//
//   - its variables join the merged ones: shared when the expression is the
//     same, renamed (name_2, ...) when another part uses the name otherwise;
//   - the matchConditions it does not share with every part are folded into
//     its validations, `(conditions) ? (expression) : true`, which keeps an
//     error an error;
//   - each validation is lifted where the namespace sets its opt-out label,
//     `(namespaceObject != null && namespaceObject.metadata.?labels[?'<key>'].orValue(”) == 'exclude') || ...`;
//   - its messages start with `[<per-rule policy name>] `.
func mergePolicies(name string, level model.Profile, overlay string, parts []mergePart) (*admissionregistrationv1.ValidatingAdmissionPolicy, error) {
	first := parts[0].policy
	out := &admissionregistrationv1.ValidatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      map[string]string{model.ManagedByLabel: model.ManagedByValue, model.ProfileLabel: string(level)},
			Annotations: mergedAnnotations(level, overlay, parts),
		},
	}
	out.Spec.MatchConstraints = first.Spec.MatchConstraints.DeepCopy()
	out.Spec.FailurePolicy = first.Spec.FailurePolicy
	shared := sharedConditions(parts)
	out.Spec.MatchConditions = slices.Clone(first.Spec.MatchConditions[:shared])
	vars := &mergedVariables{byExpression: map[string]string{}, taken: map[string]bool{}}
	for _, part := range parts {
		names, err := vars.add(part.policy.Spec.Variables)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", part.policy.Name, err)
		}
		rename := func(expr string) (string, error) { return celvars.Rename(expr, names) }
		var conds []string
		for _, mc := range part.policy.Spec.MatchConditions[shared:] {
			c, err := rename(mc.Expression)
			if err != nil {
				return nil, fmt.Errorf("%s: matchCondition %s: %w", part.policy.Name, mc.Name, err)
			}
			conds = append(conds, "("+strings.TrimSpace(c)+")")
		}
		guard := fmt.Sprintf("(namespaceObject != null && namespaceObject.metadata.?labels[?'%s'].orValue('') == '%s')", part.optOut, model.ExcludeValue)
		tag := "[" + part.policy.Name + "] "
		for _, v := range part.policy.Spec.Validations {
			expr, err := rename(v.Expression)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", part.policy.Name, err)
			}
			expr = "(" + strings.TrimSpace(expr) + ")"
			if len(conds) > 0 {
				expr = "(" + strings.Join(conds, " && ") + " ? " + expr + " : true)"
			}
			merged := admissionregistrationv1.Validation{Expression: guard + " || " + expr, Reason: v.Reason}
			switch {
			case v.Message != "":
				merged.Message = tag + v.Message
			default:
				merged.Message = tag + "failed expression: " + strings.TrimSpace(v.Expression)
			}
			if v.MessageExpression != "" {
				m, err := rename(v.MessageExpression)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", part.policy.Name, err)
				}
				merged.MessageExpression = strconv.Quote(tag) + " + (" + strings.TrimSpace(m) + ")"
			}
			out.Spec.Validations = append(out.Spec.Validations, merged)
		}
	}
	out.Spec.Variables = vars.list
	out.TypeMeta = metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicy(out)
	return out, nil
}

// sharedConditions is how many leading matchConditions (the generated ones:
// exemptions, pod updates, template changes) every part has, name and
// expression alike, without reading variables that parts may name apart.
func sharedConditions(parts []mergePart) int {
	n := 0
	for ; ; n++ {
		for _, p := range parts {
			mcs := p.policy.Spec.MatchConditions
			if n >= len(mcs) || mcs[n] != parts[0].policy.Spec.MatchConditions[n] || strings.Contains(mcs[n].Expression, "variables") {
				return n
			}
		}
	}
}

// mergedVariables are the variables of a merged policy.
type mergedVariables struct {
	list         []admissionregistrationv1.Variable
	byExpression map[string]string
	taken        map[string]bool
}

// add merges one part's variables and returns how its names map to the
// merged ones.
func (m *mergedVariables) add(vars []admissionregistrationv1.Variable) (map[string]string, error) {
	names := map[string]string{}
	for _, v := range vars {
		expr, err := celvars.Rename(v.Expression, names)
		if err != nil {
			return nil, fmt.Errorf("variable %s: %w", v.Name, err)
		}
		expr = strings.TrimSpace(expr)
		if n, ok := m.byExpression[expr]; ok {
			names[v.Name] = n
			continue
		}
		n := v.Name
		for i := 2; m.taken[n]; i++ {
			n = fmt.Sprintf("%s_%d", v.Name, i)
		}
		m.taken[n], names[v.Name], m.byExpression[expr] = true, n, n
		m.list = append(m.list, admissionregistrationv1.Variable{Name: n, Expression: expr})
	}
	return names, nil
}

// mergedAnnotations say what a merged policy holds: its profile, overlays
// and per-rule policies, and the union of the parts' own vapgen.io/
// annotations (such as the PSA checks).
func mergedAnnotations(level model.Profile, overlay string, parts []mergePart) map[string]string {
	values := map[string][]string{}
	var rules []string
	for _, p := range parts {
		rules = append(rules, p.policy.Name)
		for k, v := range p.policy.Annotations {
			if strings.HasPrefix(k, model.OurAnnotationRoot) && k != model.OverlayAnnotation && k != model.RuleAnnotation && k != model.PolicyAnnotation {
				values[k] = append(values[k], strings.Split(v, ",")...)
			}
		}
	}
	out := map[string]string{}
	for k, vs := range values {
		sort.Strings(vs)
		out[k] = strings.Join(slices.Compact(vs), ",")
	}
	out[model.ProfileAnnotation] = string(level)
	out[model.RulesAnnotation] = strings.Join(rules, ",")
	if overlay != "" {
		out[model.OverlayAnnotation] = overlay
	}
	return out
}
