// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"strings"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/report"
)

// oneLine returns a validation message as the API server accepts it, on one
// line: Kyverno keeps a block scalar's line breaks, which a
// ValidatingAdmissionPolicy's message must not hold. The lines are joined
// with a space; a warning at the message's field says so.
func oneLine(msg string, path *field.Path, p *report.Problems) string {
	if !strings.ContainsAny(msg, "\r\n") {
		return msg
	}
	var lines []string
	for _, l := range strings.FieldsFunc(msg, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	p.Warnf(path, "the message holds line breaks, which a ValidatingAdmissionPolicy's message must not: its lines are joined with spaces")
	return strings.Join(lines, " ")
}
