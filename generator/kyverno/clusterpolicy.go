// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kyverno

import (
	"encoding/json"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ClusterPolicy is a kyverno.io/v1 ClusterPolicy or Policy.
type ClusterPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              Spec            `json:"spec"`
	Status            json.RawMessage `json:"status,omitempty"`
}

// Spec is a ClusterPolicy's spec.
type Spec struct {
	Rules                            []Rule                                     `json:"rules,omitempty"`
	ValidationFailureAction          string                                     `json:"validationFailureAction,omitempty"`
	ValidationFailureActionOverrides json.RawMessage                            `json:"validationFailureActionOverrides,omitempty"`
	FailurePolicy                    *admissionregistrationv1.FailurePolicyType `json:"failurePolicy,omitempty"`
	Admission                        *bool                                      `json:"admission,omitempty"`
	Background                       *bool                                      `json:"background,omitempty"`
	ApplyRules                       string                                     `json:"applyRules,omitempty"`
	EmitWarning                      *bool                                      `json:"emitWarning,omitempty"`
	WebhookTimeoutSeconds            *int32                                     `json:"webhookTimeoutSeconds,omitempty"`
	WebhookConfiguration             json.RawMessage                            `json:"webhookConfiguration,omitempty"`
	MutateExistingOnPolicyUpdate     *bool                                      `json:"mutateExistingOnPolicyUpdate,omitempty"`
	GenerateExisting                 *bool                                      `json:"generateExisting,omitempty"`
	GenerateExistingOnPolicyUpdate   *bool                                      `json:"generateExistingOnPolicyUpdate,omitempty"`
	UseServerSideApply               *bool                                      `json:"useServerSideApply,omitempty"`
	SchemaValidation                 *bool                                      `json:"schemaValidation,omitempty"`
}

// Rule is one rule of a ClusterPolicy.
type Rule struct {
	Name               string                                   `json:"name"`
	Match              MatchResources                           `json:"match"`
	Exclude            *MatchResources                          `json:"exclude,omitempty"`
	CELPreconditions   []admissionregistrationv1.MatchCondition `json:"celPreconditions,omitempty"`
	Validate           *Validation                              `json:"validate,omitempty"`
	Context            json.RawMessage                          `json:"context,omitempty"`
	Preconditions      json.RawMessage                          `json:"preconditions,omitempty"`
	Mutate             json.RawMessage                          `json:"mutate,omitempty"`
	Generate           json.RawMessage                          `json:"generate,omitempty"`
	VerifyImages       json.RawMessage                          `json:"verifyImages,omitempty"`
	ImageExtractors    json.RawMessage                          `json:"imageExtractors,omitempty"`
	SkipBackgroundReqs *bool                                    `json:"skipBackgroundRequests,omitempty"`
	ReportProperties   map[string]string                        `json:"reportProperties,omitempty"`
}

// Validation is a rule's validate block.
type Validation struct {
	Message                 string          `json:"message,omitempty"`
	FailureAction           string          `json:"failureAction,omitempty"`
	FailureActionOverrides  json.RawMessage `json:"failureActionOverrides,omitempty"`
	AllowExistingViolations *bool           `json:"allowExistingViolations,omitempty"`
	CEL                     *CEL            `json:"cel,omitempty"`
	Pattern                 json.RawMessage `json:"pattern,omitempty"`
	AnyPattern              json.RawMessage `json:"anyPattern,omitempty"`
	Deny                    json.RawMessage `json:"deny,omitempty"`
	PodSecurity             json.RawMessage `json:"podSecurity,omitempty"`
	ForEach                 json.RawMessage `json:"foreach,omitempty"`
	Manifests               json.RawMessage `json:"manifests,omitempty"`
	Assert                  json.RawMessage `json:"assert,omitempty"`
}

// CEL is a validate.cel block: the body of a ValidatingAdmissionPolicy.
type CEL struct {
	Expressions      []admissionregistrationv1.Validation      `json:"expressions,omitempty"`
	ParamKind        *admissionregistrationv1.ParamKind        `json:"paramKind,omitempty"`
	ParamRef         *admissionregistrationv1.ParamRef         `json:"paramRef,omitempty"`
	AuditAnnotations []admissionregistrationv1.AuditAnnotation `json:"auditAnnotations,omitempty"`
	Variables        []admissionregistrationv1.Variable        `json:"variables,omitempty"`
	Generate         *bool                                     `json:"generate,omitempty"`
}

// MatchResources is a rule's match or exclude block.
type MatchResources struct {
	Any       []ResourceFilter `json:"any,omitempty"`
	All       []ResourceFilter `json:"all,omitempty"`
	UserInfo  `json:",inline"`
	Resources *ResourceDescription `json:"resources,omitempty"`
}

// ResourceFilter is one entry of match.any or match.all.
type ResourceFilter struct {
	UserInfo  `json:",inline"`
	Resources *ResourceDescription `json:"resources,omitempty"`
}

// UserInfo selects requests by who makes them; no VAP selector can say this.
type UserInfo struct {
	Roles        []string        `json:"roles,omitempty"`
	ClusterRoles []string        `json:"clusterRoles,omitempty"`
	Subjects     json.RawMessage `json:"subjects,omitempty"`
}

// IsEmpty reports whether no user filter is set.
func (u UserInfo) IsEmpty() bool {
	return len(u.Roles) == 0 && len(u.ClusterRoles) == 0 && len(u.Subjects) == 0
}

// ResourceDescription selects resources.
type ResourceDescription struct {
	Kinds             []string              `json:"kinds,omitempty"`
	Name              string                `json:"name,omitempty"`
	Names             []string              `json:"names,omitempty"`
	Namespaces        []string              `json:"namespaces,omitempty"`
	Annotations       map[string]string     `json:"annotations,omitempty"`
	Selector          *metav1.LabelSelector `json:"selector,omitempty"`
	NamespaceSelector *metav1.LabelSelector `json:"namespaceSelector,omitempty"`
	Operations        []string              `json:"operations,omitempty"`
}
