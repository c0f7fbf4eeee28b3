package document

import (
	"fmt"
	"regexp"

	sigsjson "sigs.k8s.io/json"
)

// FieldError is a decoding problem at a field path such as
// `spec.rules[0].validate.celx`.
type FieldError struct {
	Path    string
	Message string
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Message)
}

var unknownFieldRE = regexp.MustCompile(`^unknown field "(.*)"$`)

// Decode decodes the document into v strictly: unknown and duplicate fields
// are errors, each reported with its path; so is a document that is not JSON
// compatible.
func (d *Document) Decode(v any) []FieldError {
	data, err := d.JSON()
	if err != nil {
		return []FieldError{{Message: err.Error()}}
	}
	strictErrs, err := sigsjson.UnmarshalStrict(data, v, sigsjson.DisallowUnknownFields)
	if err != nil {
		return []FieldError{fieldErrorOf(err)}
	}
	var errs []FieldError
	for _, e := range strictErrs {
		if m := unknownFieldRE.FindStringSubmatch(e.Error()); m != nil {
			errs = append(errs, FieldError{Path: m[1], Message: "unknown field"})
			continue
		}
		errs = append(errs, FieldError{Message: e.Error()})
	}
	return errs
}

var typeErrorRE = regexp.MustCompile(`^json: cannot unmarshal (\S+) into Go struct field \S+ of type (\S+)$`)

func fieldErrorOf(err error) FieldError {
	if te, ok := err.(interface{ Error() string }); ok {
		msg := te.Error()
		if m := typeErrorRE.FindStringSubmatch(msg); m != nil {
			return FieldError{Message: fmt.Sprintf("wrong type: got %s, want %s", m[1], m[2])}
		}
	}
	return FieldError{Message: err.Error()}
}
