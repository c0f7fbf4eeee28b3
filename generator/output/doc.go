// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package output renders generated policies as YAML: a kustomize tree with one
// file per policy and its bindings, grouped by profile; a single stream; or the
// static-manifests form kube-apiserver loads from files (static.go). Output is
// byte-identical for identical input, and a tree is replaced atomically: either
// the whole new tree is in place or the old one is untouched.
package output
