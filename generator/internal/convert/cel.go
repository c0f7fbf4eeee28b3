// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"strconv"
	"strings"
)

// CELStringList is a CEL list literal of the values, sorted, each once.
func CELStringList(values []string) string {
	quoted := make([]string, 0, len(values))
	for _, v := range SortedCopy(values) {
		quoted = append(quoted, strconv.Quote(v))
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// CELString is s as a CEL string literal.
func CELString(s string) string { return strconv.Quote(s) }
