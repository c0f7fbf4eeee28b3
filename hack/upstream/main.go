// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Command upstream measures how vapgen does on Kyverno's published policy
// library (github.com/kyverno/policies, checked out outside this
// repository), as a new user would try it:
//
//	go run ./hack/upstream -library ~/src/kyverno-policies [-folders '*-mpol'] [-v]
//
// For every policy folder of the matching top-level folders it generates
// the folder's policy on its own (--kubernetes-version 1.37,
// --skip-unsupported, defaultPolicyProfile baseline, no label guard) and
// counts what converted, what was skipped and why, and what failed. For a
// MutatingPolicy with a Kyverno CLI test (.kyverno-test/kyverno-test.yaml)
// it then creates each tested resource with the API server's own admission
// code (package evaluator) in a namespace labelled mutate: restricted and
// checks Kyverno's verdict: a "pass" with patchedResources must be mutated
// and the stored object must hold every field of the patched resource; a
// "skip" must not be mutated. It prints one line per problem (-v: per
// policy) and the totals.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	library := flag.String("library", "", "a checkout of github.com/kyverno/policies")
	folders := flag.String("folders", "*-mpol", "glob of the top-level folders to try")
	verbose := flag.Bool("v", false, "print every policy's outcome")
	flag.Parse()
	if *library == "" {
		fmt.Fprintln(os.Stderr, "upstream: -library is required")
		os.Exit(2)
	}
	totals, err := run(*library, *folders, *verbose, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upstream:", err)
		os.Exit(2)
	}
	totals.print(os.Stdout)
}
