// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package celvars rewrites CEL expressions on the parsed syntax tree: it
// renames the variables (`variables.<name>`) an expression refers to, so
// that the variables of several ValidatingAdmissionPolicies can live in
// one, and replaces string literals (vapgen's label keys under another
// prefix).
package celvars
