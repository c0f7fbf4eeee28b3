// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package guard

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// allowedValues are the values of every label under the prefix that means
// something, by key: a level for the mode labels, latest or a supported
// version for their version labels, a profile for the mutate label, exclude
// for the opt-out label of a rule or mutation.
func allowedValues(opts *model.Options, rules []string) map[string][]string {
	out := map[string][]string{}
	for _, m := range model.Modes {
		out[m.LabelKey(opts.LabelPrefix)] = model.Levels
		out[m.VersionLabelKey(opts.LabelPrefix)] = model.PSSLabelValues()
	}
	out[model.MutateLabelKey(opts.LabelPrefix)] = []string{string(model.Baseline), string(model.Restricted)}
	for _, r := range rules {
		out[model.OptOutLabelKey(opts.LabelPrefix, r)] = []string{model.ExcludeValue}
	}
	return out
}

// allowedVariable is variables.allowed: the allowed values by key.
func allowedVariable(allowed map[string][]string) admissionregistrationv1.Variable {
	entries := make([]string, 0, len(allowed))
	for _, k := range slices.Sorted(maps.Keys(allowed)) {
		quoted := make([]string, len(allowed[k]))
		for i, v := range allowed[k] {
			quoted[i] = strconv.Quote(v)
		}
		entries = append(entries, strconv.Quote(k)+": ["+strings.Join(quoted, ", ")+"]")
	}
	return admissionregistrationv1.Variable{Name: "allowed", Expression: "{" + strings.Join(entries, ", ") + "}"}
}

// valueVariables find the labels under prefix that this request adds or
// changes to a value that means nothing. A value set before is left alone,
// as Pod Security Admission does, so that a namespace labelled before the
// guard existed can still be updated and deleted.
func valueVariables(prefix string) []admissionregistrationv1.Variable {
	return []admissionregistrationv1.Variable{
		{Name: "set", Expression: fmt.Sprintf("variables.labels.filter(k, k.startsWith(%q) && (!(k in variables.oldLabels) || variables.oldLabels[k] != variables.labels[k]))", prefix)},
		{Name: "invalid", Expression: "variables.set.filter(k, !(variables.labels[k] in variables.allowed[?k].orValue([])))"},
	}
}

// valueValidation denies, for every requester, the labels of
// variables.invalid, each with the values it may take.
func valueValidation(prefix string) admissionregistrationv1.Validation {
	var levels, versions []string
	for _, m := range model.Modes {
		levels = append(levels, m.Label)
		versions = append(versions, m.Label+"-version")
	}
	unsupported := fmt.Sprintf("Unsupported label: names no generated rule (the labels are %s, %s, %s, or a rule's name with the value %s)",
		strings.Join(levels, ", "), strings.Join(versions, ", "), model.MutateLabel, model.ExcludeValue)
	item := fmt.Sprintf("k in variables.allowed ? k + ': Invalid value: \"' + variables.labels[k] + '\": must be ' + "+
		"(size(variables.allowed[k]) == 1 ? variables.allowed[k][0] : 'one of ' + variables.allowed[k].join(', ')) : k + %q", ": "+unsupported)
	return admissionregistrationv1.Validation{
		Expression: "size(variables.invalid) == 0",
		Message: fmt.Sprintf("invalid %s* labels: %s must be one of %s; %s one of %s; %s one of %s, %s; any other label must name a generated rule, with the value %s",
			prefix, strings.Join(levels, ", "), strings.Join(model.Levels, ", "), strings.Join(versions, ", "), strings.Join(model.PSSLabelValues(), ", "),
			model.MutateLabel, model.Baseline, model.Restricted, model.ExcludeValue),
		MessageExpression: fmt.Sprintf("%q + (%s.map(k, %s) + %s).join('; ')",
			"invalid "+prefix+"* labels: ", celSorted("variables.invalid"), item, celMore("variables.invalid")),
		Reason: ptrTo(metav1.StatusReasonForbidden),
	}
}

// profileRequired denies creating a namespace without a profile label, or
// removing it, outside the exempt namespaces. A namespace that had none
// before may still be updated (and so deleted).
func profileRequired(opts *model.Options) admissionregistrationv1.Validation {
	key := model.Modes[0].LabelKey(opts.LabelPrefix)
	expr := fmt.Sprintf("%[1]q in variables.labels || (oldObject != null && !(%[1]q in variables.oldLabels))", key)
	if len(opts.Exemptions.Namespaces) > 0 {
		expr = fmt.Sprintf("object.metadata.name in %s || %s", convert.CELStringList(opts.Exemptions.Namespaces), expr)
	}
	return admissionregistrationv1.Validation{
		Expression: expr,
		Message:    fmt.Sprintf("every namespace needs a %s label, one of %s (requireProfileLabel)", key, strings.Join(model.Levels, ", ")),
		Reason:     ptrTo(metav1.StatusReasonForbidden),
	}
}
