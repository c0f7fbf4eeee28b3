package document

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/vapgen/vapgen/generator/diag"
)

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlDiagnostic turns a YAML parser error ("yaml: line 3: mapping values are
// not allowed in this context") into a diagnostic at that line.
func yamlDiagnostic(file string, lines []string, err error) diag.Diagnostic {
	msg := err.Error()
	pos := diag.Position{File: file}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		msg = m[2]
		if m[1] != "" {
			pos.Line, _ = strconv.Atoi(m[1])
		}
	}
	d := diag.Diagnostic{Severity: diag.Error, Pos: pos, Message: "invalid YAML: " + strings.TrimSpace(msg)}
	if pos.Line > 0 && pos.Line <= len(lines) {
		d.SourceLine = lines[pos.Line-1]
	}
	return d
}
