package generator

import (
	"errors"
	"fmt"

	"github.com/vapgen/vapgen/generator/diag"
	"github.com/vapgen/vapgen/generator/document"
)

// unsupportedError marks what a ValidatingAdmissionPolicy cannot express
// without changing the policy's meaning. --skip-unsupported turns these into
// warnings and skips the rule.
type unsupportedError struct{ msg string }

func (e unsupportedError) Error() string { return e.msg }

func errUnsupported(format string, args ...any) error {
	return unsupportedError{msg: fmt.Sprintf(format, args...)}
}

func isUnsupported(err error) bool {
	var u unsupportedError
	return errors.As(err, &u)
}

// problems collects what is wrong with one policy or rule, each at the field
// it concerns.
type problems struct {
	doc         *document.Document
	subject     string
	invalid     diag.List
	unsupported diag.List
}

// add records err at the field path; unsupported errors are kept apart.
func (p *problems) add(path string, err error) {
	p.addAt(p.doc.Locate(path), err)
}

func (p *problems) addAt(pos diag.Position, err error) {
	d := p.doc.Diagnostic(diag.Error, pos, p.subject, err.Error())
	if isUnsupported(err) {
		p.unsupported = append(p.unsupported, d)
	} else {
		p.invalid = append(p.invalid, d)
	}
}

func (p *problems) errorf(path, format string, args ...any) {
	p.add(path, fmt.Errorf(format, args...))
}

func (p *problems) unsupportedf(path, format string, args ...any) {
	p.add(path, errUnsupported(format, args...))
}

func (p *problems) ok() bool { return len(p.invalid) == 0 && len(p.unsupported) == 0 }

// report moves the problems into out. Unsupported features are errors, or
// warnings that say the rule was skipped when skip is set.
func (p *problems) report(out *diag.List, skip bool) {
	*out = append(*out, p.invalid...)
	for _, d := range p.unsupported {
		d.Message = "cannot be expressed as a ValidatingAdmissionPolicy: " + d.Message
		if skip {
			d.Severity = diag.Warning
			d.Message += " (skipped: --skip-unsupported)"
		} else {
			d.Message += " (--skip-unsupported skips it with a warning)"
		}
		*out = append(*out, d)
	}
}
