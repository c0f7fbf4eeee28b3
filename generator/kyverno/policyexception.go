// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kyverno

import (
	"encoding/json"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// PolicyException is a kyverno.io PolicyException (v2, v2beta1): requests
// it matches skip the rules it names.
type PolicyException struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              PolicyExceptionSpec `json:"spec"`
	Status            json.RawMessage     `json:"status,omitempty"`
}

// PolicyExceptionSpec is a PolicyException's spec.
type PolicyExceptionSpec struct {
	Background  *bool           `json:"background,omitempty"`
	Match       MatchResources  `json:"match"`
	Conditions  json.RawMessage `json:"conditions,omitempty"`
	Exceptions  []Exception     `json:"exceptions"`
	PodSecurity json.RawMessage `json:"podSecurity,omitempty"`
}

// Exception names a policy (`namespace/name` for a Policy) and patterns of
// its rule names.
type Exception struct {
	PolicyName string          `json:"policyName"`
	RuleNames  []string        `json:"ruleNames"`
	Images     json.RawMessage `json:"images,omitempty"`
	Values     json.RawMessage `json:"values,omitempty"`
	ReportAs   string          `json:"reportAs,omitempty"`
}

// Subject is one entry of a filter's subjects.
type Subject struct {
	Kind      string `json:"kind"`
	APIGroup  string `json:"apiGroup,omitempty"`
	Name      string `json:"name"`
	Namespace string `json:"namespace,omitempty"`
}

// CELPolicyException is a policies.kyverno.io PolicyException (v1alpha1,
// v1beta1, v1): requests for which all its matchConditions hold skip the
// policies it refers to.
type CELPolicyException struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              CELPolicyExceptionSpec `json:"spec"`
	Status            json.RawMessage        `json:"status,omitempty"`
}

// CELPolicyExceptionSpec is a CEL PolicyException's spec.
type CELPolicyExceptionSpec struct {
	PolicyRefs      []PolicyRef                              `json:"policyRefs"`
	MatchConditions []admissionregistrationv1.MatchCondition `json:"matchConditions,omitempty"`
	Validations     json.RawMessage                          `json:"validations,omitempty"`
	Images          []string                                 `json:"images,omitempty"`
	AllowedValues   []string                                 `json:"allowedValues,omitempty"`
	ReportResult    string                                   `json:"reportResult,omitempty"`
	ExpiresAt       *metav1.Time                             `json:"expiresAt,omitempty"`
}

// PolicyRef names a policy by kind and name.
type PolicyRef struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}
