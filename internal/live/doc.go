// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package live judges what runs in a cluster with the exact offline
// evaluator (package evaluator), for `vapgen audit` and `vapgen migrate`.
//
//   - Connect builds clients from the standard kubeconfig rules (or the
//     in-cluster config of a Job).
//   - Audit lists the namespaces in scope, every workload kind with a pod
//     template and the pods, page by page (ListOptions.Limit and continue
//     tokens), and judges each object on every core as a CREATE of it
//     (prepare.go: the stored object without what the API server sets),
//     in its namespace as labelled now or relabelled in memory (Relabel).
//     Pods and ReplicaSets or Jobs owned by a listed workload are reported
//     at the top owner (owners.go). Objects are dropped once judged: memory
//     holds the namespaces, a small record per workload and the results.
//   - Rules knows, from the loaded policies and bindings, which opt-out
//     label lifts each result (a binding's `<prefix>/<rule> NotIn [exclude]`
//     requirement, or, in the per-profile layout, the label a validation
//     reads), so Summaries can name the smallest set of opt-out labels that
//     admits every object of a namespace.
//   - Reports turns a result into one wgpolicyk8s.io/v1alpha2 report per
//     object (types of evaluator/report), and Writer creates, updates and
//     deletes them in the cluster, after checking that the CRDs are served
//     and the caller may write them.
//   - Migrate maps Pod Security Admission's namespace labels and admission
//     configuration to vapgen's labels and config; PSAComparison judges the
//     same objects with PSA's own checks.
//
// Nothing here changes the cluster except the reports Writer writes.
package live
