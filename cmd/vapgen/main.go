// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Command vapgen turns Kyverno CEL policies into Kubernetes
// ValidatingAdmissionPolicies and bindings. See the README.
package main

import (
	"os"

	"github.com/vapgen/vapgen/internal/app"
)

func main() {
	os.Exit(app.Run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
