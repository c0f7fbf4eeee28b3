// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package bench measures what the generated policies cost compared with Pod
// Security Admission (PSA): offline with the API server's own admission code
// (go test ./bench -bench .), and in a real kube-apiserver with the load
// generator in bench/apiserver. See docs/BENCHMARKS.md.
//
// It also builds the hand-made layouts the measurements compare with the
// shipped one-policy-per-rule layout: Merge puts the validations of many
// policies into one (a "per-profile" layout, with the per-rule opt-out label
// read from namespaceObject), StripMessageExpressions and
// FoldMatchConditions make the cheaper variants of a policy. None of them is
// used by the generator.
package bench
