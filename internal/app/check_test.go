// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// generated writes the manifests of testdata/valid.yaml (the HostProcess
// rules) into a temporary directory.
func generated(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "manifests")
	if code, _, stderr := run(t, "generate", "--policies", "testdata/valid.yaml", "--overlays", t.TempDir(), "--out", out); code != ExitOK {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	return out
}

func TestCheckGitOpsFolder(t *testing.T) {
	manifests := generated(t)
	code, stdout, stderr := run(t, "check", "--manifests", manifests, "testdata/gitops")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d (a resource is denied); stderr:\n%s", code, ExitInvalid, stderr)
	}
	want := []string{
		"testdata/gitops/apps/shop.yaml:1:1: admitted deployment.apps/web in namespace shop",
		`testdata/gitops/apps/shop.yaml:15:1: denied deployment.apps/agent in namespace shop: deployments.apps "agent" is forbidden: ValidatingAdmissionPolicy 'disallow-host-process-containers-workloads' with binding 'disallow-host-process-containers-workloads' denied request: pod template (spec.template): HostProcess containers are disallowed.`,
		"testdata/gitops/apps/shop.yaml:31:1: admitted pod/debug in namespace sandbox",
		"testdata/gitops/namespaces.yaml:1:1: admitted namespace/shop",
	}
	for _, w := range want {
		if !strings.Contains(stdout, w+"\n") {
			t.Errorf("stdout lacks\n  %s\ngot:\n%s", w, stdout)
		}
	}
	if !strings.Contains(stdout, "Validation failed for ValidatingAdmissionPolicy 'disallow-host-process-pod-host-process' with binding 'disallow-host-process-pod-host-process-warn'") {
		t.Errorf("the warn-only namespace's warning is missing:\n%s", stdout)
	}
	if want := "vapgen: 1 of 5 resources denied\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestCheckJSONAndPolicyReport(t *testing.T) {
	manifests := generated(t)
	code, stdout, _ := run(t, "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=baseline", "-o", "json", "testdata/gitops/apps/shop.yaml")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d", code, ExitInvalid)
	}
	var parsed any
	if err := json.Unmarshal([]byte(stdout), &parsed); err != nil {
		t.Fatalf("-o json is not JSON: %v\n%s", err, stdout)
	}
	code, stdout, _ = run(t, "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=restricted", "-o", "policyreport", "testdata/gitops/apps/shop.yaml")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d", code, ExitInvalid)
	}
	for _, w := range []string{"kind: PolicyReport", "namespace: shop", "namespace: sandbox", "result: fail", "result: pass"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("policy report lacks %q:\n%s", w, stdout)
		}
	}
}

func TestCheckStdinAndUsage(t *testing.T) {
	manifests := generated(t)
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n"
	var out, errOut strings.Builder
	code := Run([]string{"vapgen", "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=baseline", "-"}, strings.NewReader(pod), &out, &errOut)
	if code != ExitOK || !strings.Contains(out.String(), "admitted pod/p in namespace default") {
		t.Errorf("stdin: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	for _, args := range [][]string{
		{"check", "--manifests", manifests},
		{"check", "--manifests", manifests, "-o", "yaml", "-"},
		{"check", "--manifests", manifests, "--namespace-labels", "novalue", "-"},
		{"check", "--manifests", manifests, "testdata/missing.yaml"},
	} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}
