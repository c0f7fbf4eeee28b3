// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package naming derives the names of generated objects: one
// ValidatingAdmissionPolicy per Kyverno rule, named after its policy and rule
// with the words they share said once, and kept short enough to serve inside
// a label key.
package naming
