// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package celcheck compiles the CEL expressions of a ValidatingAdmissionPolicy
// the way kube-apiserver does, and type-checks them against the schema of every
// kind the policy matches the way kube-controller-manager does, so that a
// broken policy is caught before it reaches a cluster. Problems carry the line
// and column inside the expression. One lint goes beyond the API server:
// optional methods called on values that cannot be optional (optional.go).
package celcheck
