// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package suites writes one Chainsaw test per generated pod rule, from the
// example pods next to its policy (testdata/good/*.yaml, testdata/bad/*.yaml):
//
//   - in a namespace labelled with the rule's profile, every good pod is
//     created and every bad pod is denied by the rule's own
//     ValidatingAdmissionPolicy (the error names it);
//   - in a namespace that also carries the rule's opt-out label, the bad pods
//     are admitted;
//   - a Deployment whose pod template is a bad pod is denied at apply time by
//     the rule's <name>-workloads policy.
//
// The API server names only one policy when several deny a request, and which
// one is unspecified. So the suites are computed offline with the API
// server's own admission code (package evaluator) over every generated
// policy: for each bad pod, the rules that deny it. A pod that other rules
// deny too is tested in a namespace where those rules are opted out, so that
// the denial must come from the rule under test, and it is admitted only
// where all of them are opted out. Each expectation is checked offline before
// anything is written.
//
// Files marked with the comment line podfiles.RejectedMarker are left out: the API
// server's validation rejects them before admission.
package suites
