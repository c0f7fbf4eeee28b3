// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bufio"
	"fmt"
	"io"
)

// writeText writes one line per resource,
//
//	<source>: admitted <kind.group/name> [in namespace <ns>]
//	<source>: denied <kind.group/name> [in namespace <ns>]: <API server message>
//	<source>: error <kind.group/name> [in namespace <ns>]: <why it was not evaluated>
//
// each followed by its warnings ("  Warning: <text>", as kubectl prints
// them), and a summary line. The API server's message is printed as is; it
// spans lines only when it does (CEL compilation errors do).
func writeText(w io.Writer, items []Item) error {
	bw := bufio.NewWriter(w)
	var admitted, denied, failed, warnings int
	for _, it := range items {
		if it.Source != "" {
			fmt.Fprintf(bw, "%s: ", it.Source)
		}
		fmt.Fprintf(bw, "%s %s", it.verdict(), it.ref())
		if ns := it.namespace(); ns != "" {
			fmt.Fprintf(bw, " in namespace %s", ns)
		}
		switch {
		case it.Err != nil:
			failed++
			fmt.Fprintf(bw, ": %v", it.Err)
		case it.Decision.Allowed:
			admitted++
		default:
			denied++
			fmt.Fprintf(bw, ": %s", it.Decision.Message)
		}
		fmt.Fprintln(bw)
		for _, warning := range it.Decision.Warnings {
			warnings++
			fmt.Fprintf(bw, "  Warning: %s\n", warning)
		}
	}
	fmt.Fprintf(bw, "%d resources: %d admitted, %d denied, %d not evaluated; %d warnings\n", len(items), admitted, denied, failed, warnings)
	return bw.Flush()
}
