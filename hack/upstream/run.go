// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"fmt"
	"io"
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
	skipReasons                          map[string]int
	tests, testsAgree                    int
}

func (t *totals) print(w io.Writer) {
	fmt.Fprintf(w, "policy files: %d; converted %d, skipped (--skip-unsupported) %d, failed %d\n", t.policies, t.converted, t.skipped, t.failed)
	fmt.Fprintf(w, "MutatingPolicies: %d; converted %d\n", t.mutating, t.mutatingConverted)
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
}

// run tries every policy folder under the matching top-level folders.
func run(library, folders string, verbose bool, w io.Writer) (*totals, error) {
	tops, err := filepath.Glob(filepath.Join(library, folders))
	if err != nil {
		return nil, err
	}
	if len(tops) == 0 {
		return nil, fmt.Errorf("no folder %s under %s", folders, library)
	}
	t := &totals{skipReasons: map[string]int{}}
	for _, top := range tops {
		dirs, err := os.ReadDir(top)
		if err != nil {
			return nil, err
		}
		for _, d := range dirs {
			if d.IsDir() {
				tryPolicy(filepath.Join(top, d.Name()), library, t, verbose, w)
			}
		}
	}
	return t, nil
}

// tryPolicy generates one policy folder's policy and runs its Kyverno test.
func tryPolicy(dir, library string, t *totals, verbose bool, w io.Writer) {
	file := filepath.Join(dir, filepath.Base(dir)+".yaml")
	if _, err := os.Stat(file); err != nil {
		return
	}
	rel, _ := filepath.Rel(library, file)
	t.policies++
	mutating := isMutating(file)
	if mutating {
		t.mutating++
	}
	result, problems := generator.Generate(generator.Options{
		Policies:             []string{file},
		KubernetesVersion:    "1.37",
		SkipUnsupported:      true,
		DefaultPolicyProfile: generator.Baseline,
		LabelGuard:           generator.LabelGuard{Disabled: true},
	})
	switch {
	case result == nil:
		t.failed++
		fmt.Fprintf(w, "FAILED %s:\n%s\n", rel, indent(problems.Error()))
		return
	case generator.SkippedRules(result.Warnings) > 0 && len(result.Units) == 0 && len(result.Mutations) == 0:
		t.skipped++
		for _, d := range result.Warnings {
			if d.Skipped {
				t.skipReasons[reason(d.Message)]++
				break
			}
		}
		if verbose {
			fmt.Fprintf(w, "skipped %s: %s\n", rel, result.Warnings.Error())
		}
		return
	}
	t.converted++
	if !mutating {
		return
	}
	t.mutatingConverted++
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

func isMutating(file string) bool {
	data, err := os.ReadFile(file)
	return err == nil && strings.Contains(string(data), "kind: MutatingPolicy")
}

// reason is a skip message without its position-specific detail.
func reason(msg string) string {
	msg = strings.TrimPrefix(msg, "cannot be expressed as a MutatingAdmissionPolicy: ")
	msg = strings.TrimPrefix(msg, "cannot be expressed as a ValidatingAdmissionPolicy: ")
	msg = strings.TrimSuffix(msg, " (skipped: --skip-unsupported)")
	return msg
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }
