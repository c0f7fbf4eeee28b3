// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package celvars renames the CEL variables (`variables.<name>`) an
// expression refers to, on the parsed syntax tree, so that the variables of
// several ValidatingAdmissionPolicies can live in one.
package celvars
