// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package kyverno declares the parts of Kyverno's policy types that vapgen
// reads: kyverno.io ClusterPolicy and Policy with validate.cel rules, and
// policies.kyverno.io ValidatingPolicy. Every field Kyverno defines is listed,
// so that strict decoding (document.Decode) catches typos, and fields that
// cannot become a ValidatingAdmissionPolicy are kept raw so that their presence
// can be reported.
package kyverno
