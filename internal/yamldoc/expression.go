// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vapgen/vapgen/internal/diag"
)

// ExpressionPos maps a location inside the string value at path (a CEL
// expression, say) to its place in the file. line is 1-based and column
// 0-based, as CEL reports them. Block scalars (| and >) and single-line
// plain or quoted scalars map exactly; other multi-line forms map to the
// start of the value.
func (d *Document) ExpressionPos(path string, line, column int) diag.Position {
	n := d.lookup(path).node
	if n == nil || n.Kind != yaml.ScalarNode {
		return d.Locate(path)
	}
	switch n.Style {
	case yaml.LiteralStyle:
		fileLine := n.Line + line
		indent := d.blockIndent(n)
		if indent < 0 {
			return d.position(n)
		}
		return diag.Position{File: d.File.Path, Line: fileLine, Column: indent + column + 1}
	case yaml.FoldedStyle:
		if pos, ok := d.foldedPos(n, line, column); ok {
			return pos
		}
		return d.position(n)
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if line != 1 || strings.Contains(n.Value, "\n") {
			return d.position(n)
		}
		return diag.Position{File: d.File.Path, Line: n.Line, Column: n.Column + 1 + column}
	default:
		if line != 1 || strings.Contains(n.Value, "\n") {
			return d.position(n)
		}
		return diag.Position{File: d.File.Path, Line: n.Line, Column: n.Column + column}
	}
}

// foldedPos maps a location in the value of a folded block scalar (>),
// where YAML joined the source lines with spaces, back to its source line:
// the source lines are found in the value one after the other.
func (d *Document) foldedPos(n *yaml.Node, line, column int) (diag.Position, bool) {
	indent := d.blockIndent(n)
	if indent < 0 {
		return diag.Position{}, false
	}
	value := []rune(n.Value)
	offset, ok := runeOffset(value, line, column)
	if !ok {
		return diag.Position{}, false
	}
	at := 0
	for l := n.Line + 1; l <= len(d.File.lines); l++ {
		text := d.File.Line(l)
		if strings.TrimSpace(text) == "" {
			continue
		}
		if len(text)-len(strings.TrimLeft(text, " ")) < indent {
			break
		}
		src := []rune(text[indent:])
		for at < len(value) && (value[at] == ' ' || value[at] == '\n') && !hasPrefix(value[at:], src) {
			at++
		}
		if !hasPrefix(value[at:], src) {
			return diag.Position{}, false
		}
		if offset <= at+len(src) {
			if offset < at {
				offset = at
			}
			return diag.Position{File: d.File.Path, Line: l, Column: indent + offset - at + 1}, true
		}
		at += len(src)
	}
	return diag.Position{}, false
}

// runeOffset is the offset of a 1-based line and 0-based column in value.
func runeOffset(value []rune, line, column int) (int, bool) {
	offset := 0
	for l := 1; l < line; l++ {
		i := slices.Index(value[offset:], '\n')
		if i < 0 {
			return 0, false
		}
		offset += i + 1
	}
	return offset + column, offset+column <= len(value)
}

func hasPrefix(s, prefix []rune) bool {
	return len(s) >= len(prefix) && slices.Equal(s[:len(prefix)], prefix)
}

// blockIndent is the indentation of a block scalar's content: that of its
// first non-blank line.
func (d *Document) blockIndent(n *yaml.Node) int {
	for l := n.Line + 1; l <= len(d.File.lines); l++ {
		text := d.File.Line(l)
		if strings.TrimSpace(text) == "" {
			continue
		}
		return len(text) - len(strings.TrimLeft(text, " "))
	}
	return -1
}
