package generator

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/document"
)

// Profile is a Pod Security Standards profile. A namespace labelled
// restricted gets the baseline rules too.
type Profile string

const (
	Baseline   Profile = "baseline"
	Restricted Profile = "restricted"
)

// Profiles lists the profiles in the order they include each other.
var Profiles = []Profile{Baseline, Restricted}

// ParseProfile accepts a profile name.
func ParseProfile(s string) (Profile, bool) {
	switch Profile(s) {
	case Baseline, Restricted:
		return Profile(s), true
	}
	return "", false
}

// Unit is one generated ValidatingAdmissionPolicy with its bindings, and where
// it came from.
type Unit struct {
	Name    string
	Profile Profile
	Origin  Origin
	Policy  *admissionregistrationv1.ValidatingAdmissionPolicy
	// Bindings are filled in by Generate, enforce binding first.
	Bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding

	// policyActions are the validation actions the source policy asks for.
	policyActions []admissionregistrationv1.ValidationAction
	paramRef      *admissionregistrationv1.ParamRef
	// sources maps a field of the generated policy holding CEL, such as
	// `spec.validations[0].expression`, to the field of the source document
	// it came from.
	sources map[string]string
}

// Origin says which document, policy and rule a unit came from.
type Origin struct {
	Doc        *document.Document
	PolicyKind string
	Policy     string
	Namespace  string
	Rule       string
	// Path is the field path of the rule in the document, e.g. `spec.rules[2]`.
	Path string
}

// Subject names the origin in messages: `policy "p" rule "r"`.
func (o Origin) Subject() string {
	s := `policy "` + o.Policy + `"`
	if o.Rule != "" {
		s += ` rule "` + o.Rule + `"`
	}
	return s
}
