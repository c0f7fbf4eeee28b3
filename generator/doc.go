// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package generator turns Kyverno CEL policies into Kubernetes
// ValidatingAdmissionPolicies and their bindings: one policy per Kyverno rule
// (or per profile), bound to namespaces by a profile label and lifted by a
// per-rule opt-out label.
//
// Generate runs the pipeline; each stage is a package under internal/ and
// hands the next an explicit type (internal/model):
//
//	policy files ──load (internal/yamldoc)──▶ documents
//	  ──convert──▶ []Rule          Kyverno rule → neutral rule, named
//	  ──exceptions▶ []Rule         + the PolicyExceptions that cover each rule (and mutation)
//	  ──overlay──▶ []Rule          + overlays' copies, bases skip their namespaces
//	  ──versions─▶ []Rule          a variant per range of Pod Security Standards versions
//	  ──mutate───▶ []Mutation      MutatingPolicies: checked, bound by the mutate label, validated
//	  ──podrules─▶ []Policy        pod policy (+ ephemeral containers, updates), then pod template policies (as the defaults leave pods)
//	  ──check────▶ []Checked       CEL compiled for every target API server and type-checked (celcheck)
//	  ──messages─▶ opt-out hints   every message ends with the label that lifts its rule
//	  ──layout───▶ []Group/Output  per-rule, or merged per profile
//	  ──guard────▶ + Group         the label guard
//	  ──bind─────▶ bindings        per mode, default profile
//	  ──registry─▶ checked objects the API server's own validation of each policy and binding
//	  ──▶ Result (units) ──output──▶ kustomize tree or stream
//
// Problems are collected, at file:line:col, by every stage (internal/report);
// the result is nil when one is an error. The output subpackage writes the
// result; celcheck, celvars, podtemplate and naming are libraries the stages
// use.
package generator
