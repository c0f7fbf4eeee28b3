// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vapgen/vapgen/generator"
)

// totals are the figures of a run.
type totals struct {
	policies, converted, skipped, failed int
	mutating, mutatingConverted          int
	validating, validatingConverted      int
	rules, rulesConverted, rulesSkipped  int
	rulesFailed                          int
	skipReasons                          map[string]int
	tests, testsAgree                    int
	kyverno, chainsaw                    tally
	// objects and objectsAccepted count what a real API server was given
	// (-kubeconfig) and took.
	objects, objectsAccepted int
}

func (t *totals) print(w io.Writer) {
	fmt.Fprintf(w, "policy files: %d; converted %d, skipped (--skip-unsupported) %d, failed %d\n", t.policies, t.converted, t.skipped, t.failed)
	fmt.Fprintf(w, "rules: %d; converted %d, skipped %d, in failed policy files %d\n", t.rules, t.rulesConverted, t.rulesSkipped, t.rulesFailed)
	fmt.Fprintf(w, "MutatingPolicies: %d; converted %d\n", t.mutating, t.mutatingConverted)
	fmt.Fprintf(w, "validating policies: %d; converted %d\n", t.validating, t.validatingConverted)
	reasons := make([]string, 0, len(t.skipReasons))
	for r := range t.skipReasons {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		return t.skipReasons[reasons[i]] > t.skipReasons[reasons[j]] || t.skipReasons[reasons[i]] == t.skipReasons[reasons[j]] && reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		fmt.Fprintf(w, "  skipped %3d: %s\n", t.skipReasons[r], r)
	}
	fmt.Fprintf(w, "Kyverno CLI test results of converted MutatingPolicies that can be compared: %d; agree %d\n", t.tests, t.testsAgree)
	fmt.Fprintf(w, "validating Kyverno tests: %d/%d agree (%d not comparable)\n", t.kyverno.agree, t.kyverno.total, t.kyverno.notComparable)
	fmt.Fprintf(w, "chainsaw fixtures: %d/%d agree (%d not comparable)\n", t.chainsaw.agree, t.chainsaw.total, t.chainsaw.notComparable)
	if t.objects > 0 {
		fmt.Fprintf(w, "kube-apiserver (server-side dry run): %d/%d generated objects accepted\n", t.objectsAccepted, t.objects)
	}
}

// run tries every policy folder, at any depth, under the matching
// top-level folders: a folder holding <folder name>.yaml. The test folders
// are not walked.
// options are the program's flags.
type options struct {
	verbose bool
	// testCRDs passes, for a folder whose Chainsaw test asserts
	// CustomResourceDefinitions, CRDs of those names (crds.go).
	testCRDs bool
	// apiServer, when set, is given every generated object (apiserver.go).
	apiServer *apiServer
}

func run(library, folders string, o options, w io.Writer) (*totals, error) {
	tops, err := filepath.Glob(filepath.Join(library, folders))
	if err != nil {
		return nil, err
	}
	if len(tops) == 0 {
		return nil, fmt.Errorf("no folder %s under %s", folders, library)
	}
	t := &totals{skipReasons: map[string]int{}}
	for _, top := range tops {
		err := filepath.WalkDir(top, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case !d.IsDir():
				return nil
			case d.Name() == ".chainsaw-test" || d.Name() == ".kyverno-test":
				return filepath.SkipDir
			}
			tryPolicy(path, library, t, o, w)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

// tryPolicy generates one policy folder's policy and runs its tests.
func tryPolicy(dir, library string, t *totals, o options, w io.Writer) {
	file := policyFileOf(dir)
	if _, err := os.Stat(file); err != nil {
		return
	}
	rel, _ := filepath.Rel(library, file)
	t.policies++
	in := inspect(file)
	t.rules += in.rules
	if in.mutating {
		t.mutating++
	}
	if in.validating {
		t.validating++
	}
	var crds []string
	if o.testCRDs {
		var cleanup func()
		crds, cleanup = testCRDs(dir)
		defer cleanup()
	}
	result, problems := generate(crds, file)
	if result == nil {
		t.failed++
		t.rulesFailed += in.rules
		fmt.Fprintf(w, "FAILED %s:\n%s\n", rel, indent(problems.Error()))
		return
	}
	t.rulesConverted += convertedRules(result)
	t.rulesSkipped += generator.SkippedRules(result.Warnings)
	if generator.SkippedRules(result.Warnings) > 0 && len(result.Units) == 0 && len(result.Mutations) == 0 {
		t.skipped++
		for _, d := range result.Warnings {
			if d.Skipped {
				t.skipReasons[reason(d.Message)]++
				break
			}
		}
		if o.verbose {
			fmt.Fprintf(w, "skipped %s: %s\n", rel, result.Warnings.Error())
		}
		return
	}
	t.converted++
	if o.apiServer != nil {
		accepted, total, refusals := o.apiServer.accepted(result)
		t.objects += total
		t.objectsAccepted += accepted
		for _, r := range refusals {
			fmt.Fprintf(w, "REFUSED %s: %s\n", rel, r)
		}
	}
	if in.mutating {
		t.mutatingConverted++
		tryMutating(dir, rel, result, t, o.verbose, w)
	}
	if in.validating && len(result.Units) > 0 {
		t.validatingConverted++
		tryValidating(dir, rel, crds, result, t, o.verbose, w)
	}
}

// policyFileOf is the policy file of a policy folder.
func policyFileOf(dir string) string { return filepath.Join(dir, filepath.Base(dir)+".yaml") }

// generate generates policy files as a new user would try them.
func generate(crds []string, files ...string) (*generator.Result, error) {
	return generator.Generate(generator.Options{
		Policies:             files,
		CRDs:                 crds,
		KubernetesVersion:    "1.37",
		SkipUnsupported:      true,
		DefaultPolicyProfile: generator.Baseline,
		LabelGuard:           generator.LabelGuard{Disabled: true},
	})
}

func tryMutating(dir, rel string, result *generator.Result, t *totals, verbose bool, w io.Writer) {
	agree, total, msgs := runKyvernoTest(dir, result)
	t.tests += total
	t.testsAgree += agree
	for _, m := range msgs {
		fmt.Fprintf(w, "DISAGREES %s: %s\n", rel, m)
	}
	if verbose {
		fmt.Fprintf(w, "converted %s: Kyverno test %d/%d\n", rel, agree, total)
	}
}

func tryValidating(dir, rel string, crds []string, result *generator.Result, t *totals, verbose bool, w io.Writer) {
	kyverno := runValidatingTest(dir, crds, result)
	chainsaw := runChainsaw(dir, result)
	t.kyverno.add(kyverno)
	t.chainsaw.add(chainsaw)
	for _, m := range append(kyverno.msgs, chainsaw.msgs...) {
		fmt.Fprintf(w, "DISAGREES %s: %s\n", rel, m)
	}
	if !verbose {
		return
	}
	for _, m := range append(kyverno.uncompared, chainsaw.uncompared...) {
		fmt.Fprintf(w, "not comparable %s: %s\n", rel, m)
	}
	fmt.Fprintf(w, "converted %s: Kyverno test %d/%d (%d not comparable), chainsaw fixtures %d/%d (%d not comparable)\n", rel,
		kyverno.agree, kyverno.total, kyverno.notComparable, chainsaw.agree, chainsaw.total, chainsaw.notComparable)
}

// reason is a skip message without its position-specific detail.
func reason(msg string) string {
	msg = strings.TrimPrefix(msg, "cannot be expressed as a MutatingAdmissionPolicy: ")
	msg = strings.TrimPrefix(msg, "cannot be expressed as a ValidatingAdmissionPolicy: ")
	msg = strings.TrimSuffix(msg, " (skipped: --skip-unsupported)")
	return msg
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
