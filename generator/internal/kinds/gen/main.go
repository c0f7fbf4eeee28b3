// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Command gen writes the built-in kind table (zz_generated.kinds.go) from the
// discovery documents of the kube-apiserver go.mod pins
// (k8s.io/kubernetes/api/discovery):
//
//	go run ./generator/internal/kinds/gen DISCOVERY_DIR OUT_FILE
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"

	"github.com/vapgen/vapgen/generator/internal/kinds"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: gen DISCOVERY_DIR OUT_FILE")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	infos, err := kinds.FromDiscovery(dir)
	if err != nil {
		return err
	}
	src, err := format.Source(kinds.Source(infos))
	if err != nil {
		return err
	}
	if current, err := os.ReadFile(out); err == nil && bytes.Equal(current, src) {
		return nil
	}
	return os.WriteFile(out, src, 0o644)
}
