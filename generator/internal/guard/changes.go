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
		Expression:        "variables.mayChange || size(variables.changed) == 0",
		Message:           msg,
		MessageExpression: fmt.Sprintf("%q + variables.changed.join(', ')", msg+"; this request changes "),
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
	for _, r := range rules {
		keys = append(keys, model.OptOutLabelKey(opts.LabelPrefix, r))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// changeVariables find the changed labels under prefix, sorted so that
// messages are the same on every request whatever the order of map keys:
// the known keys in their order, then the others (sorted by celSorted).
func changeVariables(prefix, mayChange string, known []string) []admissionregistrationv1.Variable {
	return []admissionregistrationv1.Variable{
		{Name: "labels", Expression: "object.metadata.?labels.orValue({})"},
		{Name: "oldLabels", Expression: "oldObject == null ? {} : oldObject.metadata.?labels.orValue({})"},
		{Name: "mayChange", Expression: mayChange},
		{Name: "known", Expression: convert.CELStringList(known)},
		{Name: "otherChanged", Expression: fmt.Sprintf(
			"variables.labels.filter(k, k.startsWith(%[1]q) && !(k in variables.known) && (!(k in variables.oldLabels) || variables.oldLabels[k] != variables.labels[k])) + "+
				"variables.oldLabels.filter(k, k.startsWith(%[1]q) && !(k in variables.known) && !(k in variables.labels))", prefix)},
		{Name: "changed", Expression: "variables.known.filter(k, (k in variables.labels) != (k in variables.oldLabels) || " +
			"((k in variables.labels) && variables.labels[k] != variables.oldLabels[k])) + " + celSorted("variables.otherChanged", maxSortedLabels) + " + " + celMore("variables.otherChanged", maxSortedLabels)},
	}
}

// maxSortedLabels bounds how many unknown labels a message lists in order.
const maxSortedLabels = 8

// celSorted sorts a list of distinct strings in CEL without sort(), which
// API servers before 1.35 refuse, and keeps the first max: the element of
// rank i is the one with i smaller elements.
func celSorted(list string, max int) string {
	indexes := make([]string, max)
	for i := range indexes {
		indexes[i] = strconv.Itoa(i)
	}
	return fmt.Sprintf("[%[2]s].filter(i, i < size(%[1]s)).map(i, %[1]s.filter(x, size(%[1]s.filter(y, y < x)) == i)[0])", list, strings.Join(indexes, ", "))
}

// celMore is a list holding "(and N more)" when the list is longer than
// max, else empty.
func celMore(list string, max int) string {
	return fmt.Sprintf("(size(%[1]s) > %[2]d ? ['(and ' + string(size(%[1]s) - %[2]d) + ' more)'] : [])", list, max)
}
