// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kyverno

import (
	"encoding/json"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// MutatingPolicy is a policies.kyverno.io MutatingPolicy (v1alpha1, v1beta1
// or v1): a MutatingAdmissionPolicy with Kyverno extras. Kyverno's
// mutations have the shape of admissionregistration.k8s.io/v1 ones.
type MutatingPolicy struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`
	Spec              MutatingPolicySpec `json:"spec"`
	Status            json.RawMessage    `json:"status,omitempty"`
}

// MutatingPolicySpec is a MutatingPolicy's spec.
type MutatingPolicySpec struct {
	MatchConstraints       *admissionregistrationv1.MatchResources        `json:"matchConstraints,omitempty"`
	FailurePolicy          *admissionregistrationv1.FailurePolicyType     `json:"failurePolicy,omitempty"`
	TargetMatchConstraints json.RawMessage                                `json:"targetMatchConstraints,omitempty"`
	MatchConditions        []admissionregistrationv1.MatchCondition       `json:"matchConditions,omitempty"`
	Variables              []admissionregistrationv1.Variable             `json:"variables,omitempty"`
	Autogen                *MutatingAutogen                               `json:"autogen,omitempty"`
	Mutations              []admissionregistrationv1.Mutation             `json:"mutations,omitempty"`
	WebhookConfiguration   json.RawMessage                                `json:"webhookConfiguration,omitempty"`
	Evaluation             *MutatingEvaluation                            `json:"evaluation,omitempty"`
	ReinvocationPolicy     admissionregistrationv1.ReinvocationPolicyType `json:"reinvocationPolicy,omitempty"`
}

// MutatingAutogen says which extra policies Kyverno generates from a
// MutatingPolicy.
type MutatingAutogen struct {
	PodControllers          *PodControllers `json:"podControllers,omitempty"`
	MutatingAdmissionPolicy *Switch         `json:"mutatingAdmissionPolicy,omitempty"`
}

// PodControllers lists the workload kinds whose pod templates Kyverno
// mutates too.
type PodControllers struct {
	Controllers []string `json:"controllers,omitempty"`
}

// MutatingEvaluation says where Kyverno evaluates a MutatingPolicy.
type MutatingEvaluation struct {
	Mode           string  `json:"mode,omitempty"`
	Admission      *Switch `json:"admission,omitempty"`
	Background     *Switch `json:"background,omitempty"`
	MutateExisting *Switch `json:"mutateExisting,omitempty"`
}
