package document

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vapgen/vapgen/generator/diag"
)

// ExpressionPos maps a location inside the string value at path (a CEL
// expression, say) to its place in the file. line is 1-based and column
// 0-based, as CEL reports them. Block scalars (| and >) and single-line
// plain or quoted scalars map exactly; other multi-line forms map to the
// start of the value.
func (d *Document) ExpressionPos(path string, line, column int) diag.Position {
	n, _, exact := d.lookup(path)
	if !exact || n == nil || n.Kind != yaml.ScalarNode {
		return d.position(n)
	}
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		fileLine := n.Line + line
		indent := d.blockIndent(n)
		if indent < 0 {
			return d.position(n)
		}
		return diag.Position{File: d.File, Line: fileLine, Column: indent + column + 1}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		if line != 1 || strings.Contains(n.Value, "\n") {
			return d.position(n)
		}
		return diag.Position{File: d.File, Line: n.Line, Column: n.Column + 1 + column}
	default:
		if line != 1 || strings.Contains(n.Value, "\n") {
			return d.position(n)
		}
		return diag.Position{File: d.File, Line: n.Line, Column: n.Column + column}
	}
}

// blockIndent is the indentation of a block scalar's content: that of its
// first non-blank line.
func (d *Document) blockIndent(n *yaml.Node) int {
	for l := n.Line + 1; l <= len(d.lines); l++ {
		text := d.Line(l)
		if strings.TrimSpace(text) == "" {
			continue
		}
		return len(text) - len(strings.TrimLeft(text, " "))
	}
	return -1
}

// Diagnostic builds a diagnostic at pos with the source line filled in.
func (d *Document) Diagnostic(sev diag.Severity, pos diag.Position, subject, message string) diag.Diagnostic {
	return diag.Diagnostic{Severity: sev, Pos: pos, Subject: subject, Message: message, SourceLine: d.Line(pos.Line)}
}
