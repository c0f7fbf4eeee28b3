// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package registry runs the API server's own validation of
// ValidatingAdmissionPolicies and their bindings, the checks the registry
// applies when an object is created: the v1 object is defaulted and converted
// to the internal type with the API server's scheme, as a request's body is,
// then validated by k8s.io/kubernetes/pkg/apis/admissionregistration/validation.
package registry
