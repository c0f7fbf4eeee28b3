// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kyverno

import (
	"encoding/json"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ValidatingPolicy is a policies.kyverno.io ValidatingPolicy (v1alpha1,
// v1beta1 or v1): a ValidatingAdmissionPolicy with Kyverno extras.
type ValidatingPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              ValidatingPolicySpec `json:"spec"`
	Status            json.RawMessage      `json:"status,omitempty"`
}

// ValidatingPolicySpec is a ValidatingPolicy's spec.
type ValidatingPolicySpec struct {
	MatchConstraints     *admissionregistrationv1.MatchResources    `json:"matchConstraints,omitempty"`
	MatchConditions      []admissionregistrationv1.MatchCondition   `json:"matchConditions,omitempty"`
	Variables            []admissionregistrationv1.Variable         `json:"variables,omitempty"`
	Validations          []admissionregistrationv1.Validation       `json:"validations,omitempty"`
	AuditAnnotations     []admissionregistrationv1.AuditAnnotation  `json:"auditAnnotations,omitempty"`
	FailurePolicy        *admissionregistrationv1.FailurePolicyType `json:"failurePolicy,omitempty"`
	ValidationActions    []admissionregistrationv1.ValidationAction `json:"validationActions,omitempty"`
	Autogen              json.RawMessage                            `json:"autogen,omitempty"`
	WebhookConfiguration json.RawMessage                            `json:"webhookConfiguration,omitempty"`
	Evaluation           *Evaluation                                `json:"evaluation,omitempty"`
}

// Evaluation says where Kyverno evaluates a ValidatingPolicy.
type Evaluation struct {
	Mode       string  `json:"mode,omitempty"`
	Admission  *Switch `json:"admission,omitempty"`
	Background *Switch `json:"background,omitempty"`
}

// Switch is an enabled flag.
type Switch struct {
	Enabled *bool `json:"enabled,omitempty"`
}
