// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package psstest holds what the Pod Security Standards tests of policies/
// share: Pod Security Admission as the oracle (at an explicit version), a
// seeded random pod generator that exercises every field PSA reads, a
// shrinker for disagreements, and loaders for PSA's fixture pods and for the
// policies' own testdata.
package psstest
