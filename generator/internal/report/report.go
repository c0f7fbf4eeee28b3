// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package report collects the problems the generator's stages find, each at
// the field of the source document it concerns.
package report

import (
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// unsupportedError marks what a ValidatingAdmissionPolicy cannot express
// without changing the policy's meaning. --skip-unsupported turns these into
// warnings and skips the rule.
type unsupportedError struct{ msg string }

func (e unsupportedError) Error() string { return e.msg }

// Unsupported is an error for what no ValidatingAdmissionPolicy can say.
func Unsupported(format string, args ...any) error {
	return unsupportedError{msg: fmt.Sprintf(format, args...)}
}

// IsUnsupported reports whether err is (or wraps) an Unsupported error.
func IsUnsupported(err error) bool {
	var u unsupportedError
	return errors.As(err, &u)
}

// Problems are what is wrong with one policy or rule.
type Problems struct {
	Doc     *yamldoc.Document
	Subject string
	// Target is what the subject becomes, named in unsupported problems.
	Target      string
	invalid     diag.List
	unsupported diag.List
	warnings    diag.List
}

// New starts the problems of a subject of doc.
func New(doc *yamldoc.Document, subject string) *Problems {
	return &Problems{Doc: doc, Subject: subject, Target: "ValidatingAdmissionPolicy"}
}

// NewMutating starts the problems of a MutatingPolicy.
func NewMutating(doc *yamldoc.Document, subject string) *Problems {
	return &Problems{Doc: doc, Subject: subject, Target: "MutatingAdmissionPolicy"}
}

// Add records err at a field path (nil: the document); unsupported errors
// are kept apart.
func (p *Problems) Add(path *field.Path, err error) {
	p.AddAt(p.Doc.Locate(pathString(path)), err)
}

// AddAt records err at a position.
func (p *Problems) AddAt(pos diag.Position, err error) {
	d := p.Doc.Diagnostic(diag.Error, pos, p.Subject, err.Error())
	if IsUnsupported(err) {
		p.unsupported = append(p.unsupported, d)
	} else {
		p.invalid = append(p.invalid, d)
	}
}

// WarnAt records a problem that does not stop the rule at a position.
func (p *Problems) WarnAt(pos diag.Position, msg string) {
	p.warnings = append(p.warnings, p.Doc.Diagnostic(diag.Warning, pos, p.Subject, msg))
}

// Warnf records a problem that does not stop the rule at a field path.
func (p *Problems) Warnf(path *field.Path, format string, args ...any) {
	p.WarnAt(p.Doc.Locate(pathString(path)), fmt.Sprintf(format, args...))
}

// Errorf records an error at a field path.
func (p *Problems) Errorf(path *field.Path, format string, args ...any) {
	p.Add(path, fmt.Errorf(format, args...))
}

// Unsupportedf records what the target cannot express.
func (p *Problems) Unsupportedf(path *field.Path, format string, args ...any) {
	p.Add(path, Unsupported(format, args...))
}

// Fields records decoding errors at their fields.
func (p *Problems) Fields(errs field.ErrorList) {
	for _, e := range errs {
		p.AddAt(p.Doc.ErrorPos(e), errors.New(yamldoc.Message(e)))
	}
}

// OK reports whether nothing is wrong but warnings.
func (p *Problems) OK() bool { return len(p.invalid) == 0 && len(p.unsupported) == 0 }

// Valid reports whether nothing is wrong but what the target cannot
// express, and warnings.
func (p *Problems) Valid() bool { return len(p.invalid) == 0 }

// Report moves the problems into out. Unsupported features are errors, or
// warnings that say the rule was skipped when skip is set.
func (p *Problems) Report(out *diag.List, skip bool) {
	*out = append(*out, p.invalid...)
	*out = append(*out, p.warnings...)
	for _, d := range p.unsupported {
		d.Message = "cannot be expressed as a " + p.Target + ": " + d.Message
		if skip {
			d.Severity = diag.Warning
			d.Skipped = true
			d.Message += " (skipped: --skip-unsupported)"
		} else {
			d.Message += " (--skip-unsupported skips it with a warning)"
		}
		*out = append(*out, d)
	}
}

func pathString(p *field.Path) string {
	if p == nil {
		return ""
	}
	return p.String()
}
