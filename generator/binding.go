package generator

import (
	"slices"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"
)

// ExcludeValue is the value of the per-rule opt-out label.
const ExcludeValue = "exclude"

// Mode is a namespace label that binds a profile's rules, and what its
// bindings do: like Pod Security Admission's enforce, warn and audit labels.
type Mode struct {
	// Label is the label's name after the prefix.
	Label string
	// Suffix is appended to the policy name to name the binding.
	Suffix string
	Action admissionregistrationv1.ValidationAction
}

// Modes are the namespace labels, enforce first.
var Modes = []Mode{
	{Label: "profile", Suffix: "", Action: admissionregistrationv1.Deny},
	{Label: "warn", Suffix: "-warn", Action: admissionregistrationv1.Warn},
	{Label: "audit", Suffix: "-audit", Action: admissionregistrationv1.Audit},
}

// LabelKey is the namespace label of a mode.
func (m Mode) LabelKey(prefix string) string { return prefix + "/" + m.Label }

// OptOutLabelKey is the namespace label that lifts one rule.
func OptOutLabelKey(prefix, name string) string { return prefix + "/" + name }

// profilesIncluding lists the profile label values that bring in rules of p:
// a restricted namespace gets the baseline rules too.
func profilesIncluding(p Profile) []string {
	if p == Baseline {
		return []string{string(Baseline), string(Restricted)}
	}
	return []string{string(Restricted)}
}

// bindingsFor binds every policy of a unit once per mode, in namespaces
// labelled with a profile that includes the unit's, unless they opt out of
// the rule or are exempt; and, with a default profile, in namespaces without
// a profile label.
func (g *generation) bindingsFor(u *Unit) []*admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	var out []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for i, vap := range u.Policies {
		template := i > 0
		for _, m := range Modes {
			actions := []admissionregistrationv1.ValidationAction{m.Action}
			if m.Action == admissionregistrationv1.Deny {
				actions = g.enforceActions(u, template)
			}
			sel := metav1.LabelSelectorRequirement{Key: m.LabelKey(g.opts.LabelPrefix), Operator: metav1.LabelSelectorOpIn, Values: profilesIncluding(u.Profile)}
			out = append(out, g.binding(u, vap.Name, vap.Name+m.Suffix, actions, sel))
		}
		if d := g.opts.DefaultProfile; d != "" && (d == u.Profile || d == Restricted) {
			sel := metav1.LabelSelectorRequirement{Key: Modes[0].LabelKey(g.opts.LabelPrefix), Operator: metav1.LabelSelectorOpDoesNotExist}
			out = append(out, g.binding(u, vap.Name, vap.Name+"-default", g.enforceActions(u, template), sel))
		}
	}
	return out
}

// enforceActions are the actions of the enforce bindings.
func (g *generation) enforceActions(u *Unit, template bool) []admissionregistrationv1.ValidationAction {
	switch {
	case template && g.opts.controllersFor(u.Name) == ControllersWarn:
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}
	case g.opts.Actions == ActionsFromPolicy:
		return u.policyActions
	}
	return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
}

// binding is a rule's binding: its mode and its opt-out label.
func (g *generation) binding(u *Unit, policy, name string, actions []admissionregistrationv1.ValidationAction, mode metav1.LabelSelectorRequirement) *admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	optOut := metav1.LabelSelectorRequirement{Key: OptOutLabelKey(g.opts.LabelPrefix, u.optOut()), Operator: metav1.LabelSelectorOpNotIn, Values: []string{ExcludeValue}}
	return g.newBinding(u, policy, name, actions, mode, optOut)
}

// newBinding selects namespaces by the given requirements, the unit's
// namespaces and the exemptions.
func (g *generation) newBinding(u *Unit, policy, name string, actions []admissionregistrationv1.ValidationAction, reqs ...metav1.LabelSelectorRequirement) *admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	reqs = slices.Clone(reqs)
	if len(u.onlyNamespaces) > 0 {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: namespaceNameLabel, Operator: metav1.LabelSelectorOpIn, Values: u.onlyNamespaces})
	}
	if skip := sortedCopy(append(slices.Clone(g.opts.Exemptions.Namespaces), u.skipNamespaces...)); len(skip) > 0 {
		reqs = append(reqs, metav1.LabelSelectorRequirement{Key: namespaceNameLabel, Operator: metav1.LabelSelectorOpNotIn, Values: skip})
	}
	b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   name,
			Labels: map[string]string{ManagedByLabel: ManagedByValue, ProfileLabel: string(u.Profile)},
		},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        policy,
			ParamRef:          u.paramRef,
			ValidationActions: actions,
			MatchResources: &admissionregistrationv1.MatchResources{
				NamespaceSelector: &metav1.LabelSelector{MatchExpressions: reqs},
			},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicyBinding(b)
	return b
}
