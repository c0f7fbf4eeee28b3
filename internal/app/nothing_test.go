// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A security check never answers "fine" when it judged nothing.
func TestCheckNeverPassesOnNothing(t *testing.T) {
	manifests := generated(t)
	empty := t.TempDir()
	hostProcess := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {windowsOptions: {hostProcess: true}}\n  containers: [{name: c, image: i}]\n"
	for _, c := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stderr string
	}{
		{"no policies", []string{"check", "--manifests", empty, "-"}, hostProcess, ExitUsage,
			"vapgen: no ValidatingAdmissionPolicy in --manifests " + empty + ": nothing would be judged\n"},
		{"no resources", []string{"check", "--manifests", manifests, "-"}, "", ExitUsage,
			"vapgen: no resources in -: nothing was judged\n"},
		{"labels add up", []string{"check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=baseline",
			"--namespace-labels", "pod-security.vapgen.io/other-rule=exclude", "-"}, hostProcess, ExitInvalid,
			"vapgen: 1 of 1 resources denied\n"},
		{"a label given twice", []string{"check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=baseline",
			"--namespace-labels", "pod-security.vapgen.io/profile=restricted", "-"}, hostProcess, ExitUsage,
			"vapgen: check: --namespace-labels: pod-security.vapgen.io/profile is given twice: \"baseline\" and \"restricted\"\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut strings.Builder
			code := Run(append([]string{"vapgen"}, c.args...), strings.NewReader(c.stdin), &out, &errOut)
			if code != c.code || errOut.String() != c.stderr {
				t.Errorf("exit %d, stderr %q; want exit %d, stderr %q", code, errOut.String(), c.code, c.stderr)
			}
		})
	}
}

// An empty generation, committed and synced with pruning, would delete
// every policy: generate refuses it unless asked.
func TestGenerateRefusesNoPolicies(t *testing.T) {
	policies := t.TempDir()
	out := filepath.Join(t.TempDir(), "manifests")
	code, _, stderr := run(t, "generate", "--policies", policies, "--overlays", t.TempDir(), "--out", out)
	want := "vapgen: no policy found in " + policies + "; nothing was written (a tree with only the label guard, synced with pruning, deletes every policy; --allow-empty writes it)\n"
	if code != ExitInvalid || stderr != want {
		t.Errorf("exit %d, stderr %q; want exit %d, stderr %q", code, stderr, ExitInvalid, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s was written (%v)", out, err)
	}
	if code, _, stderr := run(t, "generate", "--policies", policies, "--overlays", t.TempDir(), "--out", out, "--allow-empty"); code != ExitOK {
		t.Errorf("--allow-empty: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "kustomization.yaml")); err != nil {
		t.Errorf("--allow-empty wrote no tree: %v", err)
	}
}

// audit and migrate judge with the same loader: no policy, no judging.
func TestLiveCommandsNeverPassOnNothing(t *testing.T) {
	empty := t.TempDir()
	want := "vapgen: no ValidatingAdmissionPolicy in --manifests " + empty + ": nothing would be judged\n"
	for _, args := range [][]string{
		{"audit", "--manifests", empty},
		{"migrate", "--from-psa", "--check-workloads", "--manifests", empty},
	} {
		if code, _, stderr := run(t, args...); code != ExitUsage || stderr != want {
			t.Errorf("%v: exit %d, stderr %q; want exit %d, stderr %q", args, code, stderr, ExitUsage, want)
		}
	}
}
