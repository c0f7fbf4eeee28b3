// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

//go:build tools

// Package tools pins the chainsaw command built by hack/tools/install.sh.
package tools

import _ "github.com/kyverno/chainsaw"
