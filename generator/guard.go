package generator

import (
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"
)

// GuardName names the policy and binding that guard the namespace labels.
const GuardName = "vapgen-label-guard"

// LabelGuard configures the policy that keeps the namespace labels, which
// switch rules on and off, in the hands of the listed users and groups.
type LabelGuard struct {
	Disabled bool     `json:"disabled,omitempty"`
	Users    []string `json:"users,omitempty"`
	Groups   []string `json:"groups,omitempty"`
}

// GuardAdminGroup may always change the labels: its members can delete the
// policy itself anyway, and bootstrapping and recovery need it.
const GuardAdminGroup = "system:masters"

// guardUnit builds the ValidatingAdmissionPolicy on Namespaces that denies
// adding, changing or removing any label under the prefix, unless the
// requester is one of the allowed users or in one of the allowed groups
// (always including system:masters).
func guardUnit(opts Options) *Unit {
	users := sortedCopy(opts.LabelGuard.Users)
	groups := sortedCopy(append(slices.Clone(opts.LabelGuard.Groups), GuardAdminGroup))
	prefix := opts.LabelPrefix + "/"
	var who []string
	if len(users) > 0 {
		who = append(who, "users "+strings.Join(users, ", "))
	}
	if len(groups) > 0 {
		who = append(who, "groups "+strings.Join(groups, ", "))
	}
	scope := admissionregistrationv1.ClusterScope
	vap := &admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{
			Name:   GuardName,
			Labels: map[string]string{ManagedByLabel: ManagedByValue},
			Annotations: map[string]string{
				"vapgen.io/description": fmt.Sprintf("Only %s may add, change or remove %s* namespace labels.", strings.Join(who, " and "), prefix),
			},
		},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: ptrTo(admissionregistrationv1.Fail),
			MatchConstraints: &admissionregistrationv1.MatchResources{
				// Labels can also be changed through the status and finalize
				// subresources: their strategies keep only the spec or status.
				ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
					RuleWithOperations: admissionregistrationv1.RuleWithOperations{
						Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
						Rule: admissionregistrationv1.Rule{
							APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"namespaces"}, Scope: &scope,
						},
					},
				}, {
					RuleWithOperations: admissionregistrationv1.RuleWithOperations{
						Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Update},
						Rule: admissionregistrationv1.Rule{
							APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"namespaces/finalize", "namespaces/status"}, Scope: &scope,
						},
					},
				}},
			},
			MatchConditions: []admissionregistrationv1.MatchCondition{{
				Name: "vapgen-requester-may-not-change-labels",
				Expression: fmt.Sprintf("!(request.userInfo.username in %s) && !request.userInfo.?groups.orValue([]).exists(g, g in %s)",
					celStringList(users), celStringList(groups)),
			}},
			Variables: []admissionregistrationv1.Variable{
				{Name: "labels", Expression: "object.metadata.?labels.orValue({})"},
				{Name: "oldLabels", Expression: "oldObject == null ? {} : oldObject.metadata.?labels.orValue({})"},
				{Name: "changed", Expression: fmt.Sprintf(
					"(variables.labels.filter(k, k.startsWith(%[1]q) && (!(k in variables.oldLabels) || variables.oldLabels[k] != variables.labels[k])) + "+
						"variables.oldLabels.filter(k, k.startsWith(%[1]q) && !(k in variables.labels))).sort()", prefix)},
			},
			Validations: []admissionregistrationv1.Validation{{
				Expression:        "size(variables.changed) == 0",
				Message:           fmt.Sprintf("only %s may add, change or remove %s* labels", strings.Join(who, " and "), prefix),
				MessageExpression: fmt.Sprintf("%q + variables.changed.join(', ')", fmt.Sprintf("only %s may add, change or remove %s* labels; this request changes ", strings.Join(who, " and "), prefix)),
				Reason:            ptrTo(metav1.StatusReasonForbidden),
			}},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicy(vap)
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: GuardName, Labels: map[string]string{ManagedByLabel: ManagedByValue}},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        GuardName,
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
		},
	}
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicyBinding(binding)
	return &Unit{Name: GuardName, Policy: vap, Policies: []*admissionregistrationv1.ValidatingAdmissionPolicy{vap}, Bindings: []*admissionregistrationv1.ValidatingAdmissionPolicyBinding{binding}}
}

func ptrTo[T any](v T) *T { return &v }
