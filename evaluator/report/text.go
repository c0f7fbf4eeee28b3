// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeText writes one line per resource,
//
//	<source>: admitted <kind.group/name> [in namespace <ns>]
//	<source>: not judged <kind.group/name> [in namespace <ns>]: no ValidatingAdmissionPolicy matched it
//	<source>: denied <kind.group/name> [in namespace <ns>]: <API server message>
//	<source>: error <kind.group/name> [in namespace <ns>]: <why it was not evaluated>
//
// each followed by what MutatingAdmissionPolicies changed ("  mutated by
// ..."), a denial by every other rule the resource breaks ("  also
// denied by ..."; the API server names only the first), every line by its
// warnings ("  Warning: <text>", as kubectl prints them), and a summary
// line. The API server's message is printed as is; it spans lines only when
// it does (CEL compilation errors do). quiet leaves out admitted and not
// judged resources.
func writeText(w io.Writer, items []Item, quiet bool) error {
	bw := bufio.NewWriter(w)
	var admitted, notJudged, denied, failed, warnings int
	for _, it := range items {
		warnings += len(it.Decision.Warnings)
		switch {
		case it.Err != nil:
			failed++
		case it.Decision.Allowed:
			admitted++
			if it.NotJudged() {
				notJudged++
			}
		default:
			denied++
		}
		if quiet && it.Err == nil && it.Decision.Allowed {
			continue
		}
		writeTextItem(bw, it)
	}
	fmt.Fprintf(bw, "%d resources: %d admitted (%d not judged), %d denied, %d not evaluated; %d warnings\n", len(items), admitted, notJudged, denied, failed, warnings)
	return bw.Flush()
}

func writeTextItem(bw *bufio.Writer, it Item) {
	if it.Source != "" {
		fmt.Fprintf(bw, "%s: ", it.Source)
	}
	verdict := it.verdict()
	if it.NotJudged() {
		verdict = "not judged"
	}
	fmt.Fprintf(bw, "%s %s", verdict, it.ref())
	if ns := it.namespace(); ns != "" {
		fmt.Fprintf(bw, " in namespace %s", ns)
	}
	switch {
	case it.Err != nil:
		fmt.Fprintf(bw, ": %v", it.Err)
	case it.NotJudged():
		fmt.Fprint(bw, ": no ValidatingAdmissionPolicy matched it")
	case !it.Decision.Allowed:
		fmt.Fprintf(bw, ": %s", it.Decision.Message)
	}
	fmt.Fprintln(bw)
	for _, m := range it.Decision.Mutations {
		fmt.Fprintf(bw, "  mutated by MutatingAdmissionPolicy '%s' (spec.mutations[%d]): %s\n", m.Policy, m.Index, strings.Join(m.Fields, ", "))
	}
	if !it.Decision.Allowed {
		writeOtherDenials(bw, it)
	}
	for _, warning := range it.Decision.Warnings {
		fmt.Fprintf(bw, "  Warning: %s\n", warning)
	}
}

// writeOtherDenials lists the failing validations of denying bindings
// other than the one the API server's message names.
func writeOtherDenials(bw *bufio.Writer, it Item) {
	named := false
	for _, d := range it.denials() {
		if !named && strings.Contains(it.Decision.Message, "'"+d.policy+"'") && strings.HasSuffix(it.Decision.Message, d.message) {
			named = true
			continue
		}
		fmt.Fprintf(bw, "  also denied by ValidatingAdmissionPolicy '%s'", d.policy)
		if d.binding != "" {
			fmt.Fprintf(bw, " with binding '%s'", d.binding)
		}
		fmt.Fprintf(bw, ": %s\n", d.message)
	}
}
