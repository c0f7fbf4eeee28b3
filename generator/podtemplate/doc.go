// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package podtemplate rewrites CEL written for Pods so that it judges the pod
// template of a workload instead: `object.spec` becomes the template's spec
// and `object.metadata` the template's metadata, on the parsed syntax tree.
// References to the object's own name and namespace keep their meaning: they
// name the workload.
package podtemplate
