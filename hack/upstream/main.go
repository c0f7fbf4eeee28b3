// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Command upstream measures how vapgen does on Kyverno's published policy
// library (github.com/kyverno/policies, checked out outside this
// repository), as a new user would try it:
//
//	go run ./hack/upstream -library ~/src/kyverno-policies [-folders '*-cel'] [-test-crds] [-kubeconfig FILE] [-v]
//
// For every policy folder (a folder holding <folder name>.yaml, at any depth;
// the .kyverno-test and .chainsaw-test folders aside) of the matching
// top-level folders it generates the folder's policy on its own
// (--kubernetes-version 1.37, --skip-unsupported, defaultPolicyProfile
// baseline, no label guard) and counts what converted, what was skipped and
// why, and what failed, per policy file and per rule. It then judges the
// generated policies with the API server's own admission code (package
// evaluator) on the folder's tests:
//
//   - a MutatingPolicy's Kyverno CLI test (.kyverno-test/kyverno-test.yaml),
//     each resource created in a namespace labelled mutate: restricted: a
//     "pass" with patchedResources must be mutated and the stored object must
//     hold every field of the patched resource; a "skip" must not be mutated;
//   - a validating policy's (validate.cel rules, ValidatingPolicy) Kyverno
//     CLI test, each resource created in a namespace labelled profile:
//     restricted and the labels of the test's values file: a "fail" must be
//     denied by the policies generated from the result's policy and rule, a
//     "pass" or "skip" admitted; the other policies the test names are
//     generated with the folder's; a result whose resource is missing or
//     whose rule was skipped is not comparable;
//   - its Chainsaw fixtures (.chainsaw-test/pod-good*, podcontroller-good*
//     admitted; pod-bad*, podcontroller-bad* denied), with the namespaces
//     and params the Chainsaw test applies.
//
// An object of a built-in kind at a version kube-apiserver 1.37 no longer
// serves (batch/v1beta1 CronJob) is not comparable: no request can create
// it. With -test-crds, a folder whose Chainsaw test asserts
// CustomResourceDefinitions is generated with CRDs of those names, as on the
// cluster Kyverno's CI installs them in. With -kubeconfig, every generated
// object is also created on that kube-apiserver with a server-side dry run
// (apiserver.go), and each refusal is printed.
//
// It prints one line per disagreement (-v: per policy, and why a result is
// not comparable) and the totals.
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
	crds := flag.Bool("test-crds", false, "give a folder whose Chainsaw test asserts CustomResourceDefinitions CRDs of those names, as a cluster with them installed has")
	kubeconfig := flag.String("kubeconfig", "", "also create every generated object on this kube-apiserver with a server-side dry run")
	flag.Parse()
	if *library == "" {
		fmt.Fprintln(os.Stderr, "upstream: -library is required")
		os.Exit(2)
	}
	o := options{verbose: *verbose, testCRDs: *crds}
	if *kubeconfig != "" {
		a, err := newAPIServer(*kubeconfig)
		if err != nil {
			fmt.Fprintln(os.Stderr, "upstream:", err)
			os.Exit(2)
		}
		o.apiServer = a
	}
	totals, err := run(*library, *folders, o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "upstream:", err)
		os.Exit(2)
	}
	totals.print(os.Stdout)
}
