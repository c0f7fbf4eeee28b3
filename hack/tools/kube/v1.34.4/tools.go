// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

//go:build tools

// Package tools pins the Kubernetes v1.34.4 control-plane commands built by hack/tools/install.sh.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
