// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package guard

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
)

// whoValidation denies adding, changing or removing a label under the prefix
// unless the requester may (variables.mayChange).
func whoValidation(prefix, who string) admissionregistrationv1.Validation {
	msg := fmt.Sprintf("only %s may add, change or remove %s* labels", who, prefix)
	return admissionregistrationv1.Validation{
		Expression:        "variables.mayChange || size(variables.knownChanged) + size(variables.otherChanged) == 0",
		Message:           msg,
		MessageExpression: fmt.Sprintf("%q + (variables.knownChanged + %s + %s).join(', ')", msg+"; this request changes ", celSorted("variables.otherChanged"), celMore("variables.otherChanged")),
		Reason:            ptrTo(metav1.StatusReasonForbidden),
	}
}

// guardedKeys are the label keys that mean something, sorted: the mode
// labels and every rule's opt-out label.
func guardedKeys(opts *model.Options, rules []string) []string {
	var keys []string
	for _, m := range model.Modes {
		keys = append(keys, m.LabelKey(opts.LabelPrefix), m.VersionLabelKey(opts.LabelPrefix))
	}
	keys = append(keys, model.MutateLabelKey(opts.LabelPrefix))
	for _, r := range rules {
		keys = append(keys, model.OptOutLabelKey(opts.LabelPrefix, r))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// changeVariables find the changed labels under prefix: the known keys in
// their order, then the others (which messages sort with celSorted, so that
// they are the same on every request whatever the order of map keys).
// variables.allowed holds the known keys.
func changeVariables(prefix string, known []string) []admissionregistrationv1.Variable {
	return []admissionregistrationv1.Variable{
		{Name: "known", Expression: convert.CELStringList(known)},
		{Name: "otherChanged", Expression: fmt.Sprintf(
			"variables.labels.filter(k, k.startsWith(%[1]q) && !(k in variables.allowed) && (!(k in variables.oldLabels) || variables.oldLabels[k] != variables.labels[k])) + "+
				"variables.oldLabels.filter(k, k.startsWith(%[1]q) && !(k in variables.allowed) && !(k in variables.labels))", prefix)},
		{Name: "knownChanged", Expression: "variables.known.filter(k, (k in variables.labels) != (k in variables.oldLabels) || " +
			"((k in variables.labels) && variables.labels[k] != variables.oldLabels[k]))"},
	}
}

// A message lists at most maxListed labels of a kind, sorted, then the
// count of the others; more than maxSorted only as a count, which bounds
// the cost of sorting.
const (
	maxListed = 8
	maxSorted = 64
)

// celSorted sorts a list of distinct strings in CEL without sort(), which
// API servers before 1.35 refuse, and keeps the first maxListed: the
// element of rank i is the one with i smaller elements. A list longer than
// maxSorted gives none.
func celSorted(list string) string {
	indexes := make([]string, maxListed)
	for i := range indexes {
		indexes[i] = strconv.Itoa(i)
	}
	return fmt.Sprintf("(size(%[1]s) > %[3]d ? [] : [%[2]s].filter(i, i < size(%[1]s)).map(i, %[1]s.filter(x, size(%[1]s.filter(y, y < x)) == i)[0]))",
		list, strings.Join(indexes, ", "), maxSorted)
}

// celMore is what follows celSorted: "(and N more)", or "N labels (too
// many to list)" when the list is too long to sort, or nothing.
func celMore(list string) string {
	return fmt.Sprintf("(size(%[1]s) > %[3]d ? [string(size(%[1]s)) + ' labels (too many to list)'] : size(%[1]s) > %[2]d ? ['(and ' + string(size(%[1]s) - %[2]d) + ' more)'] : [])",
		list, maxListed, maxSorted)
}
