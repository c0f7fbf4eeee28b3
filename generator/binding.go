package generator

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"
)

// ExcludeValue is the value of the per-rule opt-out label.
const ExcludeValue = "exclude"

// ProfileLabelKey is the namespace label that binds a profile's rules.
func ProfileLabelKey(prefix string) string { return prefix + "/profile" }

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

// bindingsFor builds the binding that enforces a unit in namespaces labelled
// with its profile, unless they opt out of it.
func bindingsFor(u *Unit, opts Options) []*admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	actions := []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}
	if opts.Actions == ActionsFromPolicy {
		actions = u.policyActions
	}
	b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   u.Name,
			Labels: map[string]string{ManagedByLabel: ManagedByValue, ProfileLabel: string(u.Profile)},
		},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        u.Name,
			ParamRef:          u.paramRef,
			ValidationActions: actions,
			MatchResources: &admissionregistrationv1.MatchResources{
				NamespaceSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
					{Key: ProfileLabelKey(opts.LabelPrefix), Operator: metav1.LabelSelectorOpIn, Values: profilesIncluding(u.Profile)},
					{Key: OptOutLabelKey(opts.LabelPrefix, u.Name), Operator: metav1.LabelSelectorOpNotIn, Values: []string{ExcludeValue}},
				}},
			},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicyBinding(b)
	return []*admissionregistrationv1.ValidatingAdmissionPolicyBinding{b}
}
