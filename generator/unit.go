package generator

import (
	"fmt"
	"slices"

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

// ParseProfile accepts a profile name.
func ParseProfile(s string) (Profile, bool) {
	switch Profile(s) {
	case Baseline, Restricted:
		return Profile(s), true
	}
	return "", false
}

// Unit is what one rule becomes: its ValidatingAdmissionPolicy, for a pod
// rule the policies that judge pod templates, and their bindings.
type Unit struct {
	// Name is the name of the rule's policy and of its opt-out label.
	Name    string
	Profile Profile
	Origin  Origin
	// Policy is the rule's own policy.
	Policy *admissionregistrationv1.ValidatingAdmissionPolicy
	// Policies are all policies of the rule, Policy first.
	Policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	// Bindings bind each policy for every mode, in the order of Policies.
	Bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	// Overlay names the overlay that generated this unit, if any.
	Overlay string

	// optOutName names the opt-out label; empty means Name. An overlay's copy
	// of a rule is lifted by the rule's own label.
	optOutName string
	// onlyNamespaces restricts the bindings to these namespaces (an
	// overlay's); skipNamespaces keeps them out (those of overlays).
	onlyNamespaces, skipNamespaces []string

	// policyActions are the validation actions the source policy asks for.
	policyActions []admissionregistrationv1.ValidationAction
	paramRef      *admissionregistrationv1.ParamRef
	// sources maps a field of the generated policy holding CEL, such as
	// `spec.validations[0].expression`, to the field of the source document
	// it came from.
	sources map[string]string
}

// optOut is the name in the unit's opt-out label.
func (u *Unit) optOut() string {
	if u.optOutName != "" {
		return u.optOutName
	}
	return u.Name
}

// Dir is the folder of the output tree that holds the unit.
func (u *Unit) Dir() string {
	if u.Name == GuardName {
		return "guard"
	}
	if u.Overlay != "" {
		return "overlays/" + u.Overlay
	}
	return string(u.Profile)
}

// sourceOf is the source field of a policy field, or the rule itself.
func (u *Unit) sourceOf(field string) string {
	if src, ok := u.sources[field]; ok {
		return src
	}
	return u.Origin.Path
}

// prependConditions puts generated matchConditions before the policy's own
// and moves the source mapping of the policy's own along.
func (u *Unit) prependConditions(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec, conds ...admissionregistrationv1.MatchCondition) {
	if len(conds) == 0 {
		return
	}
	spec.MatchConditions = append(slices.Clone(conds), spec.MatchConditions...)
	if spec != &u.Policy.Spec {
		return
	}
	shifted := map[string]string{}
	for field, src := range u.sources {
		var i int
		if n, _ := fmt.Sscanf(field, "spec.matchConditions[%d].expression", &i); n == 1 {
			field = fmt.Sprintf("spec.matchConditions[%d].expression", i+len(conds))
		}
		shifted[field] = src
	}
	u.sources = shifted
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
	if o.PolicyKind == OverlayKind {
		s = `overlay "` + o.Policy + `"`
	}
	if o.Rule != "" {
		s += ` rule "` + o.Rule + `"`
	}
	return s
}
