// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	psaapi "k8s.io/pod-security-admission/api"
	psapolicy "k8s.io/pod-security-admission/policy"

	"github.com/vapgen/vapgen/evaluator/manifest"
)

// psaFixtures returns the pass and fail pods that k8s.io/pod-security-admission
// ships for the restricted level of Kubernetes 1.35.
func psaFixtures(t testing.TB) (pass, fail []manifest.Document) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/pod-security-admission").Output()
	if err != nil {
		t.Fatalf("locating k8s.io/pod-security-admission: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "test", "testdata", "restricted", "v1.35")
	pass, err = manifest.Read(filepath.Join(dir, "pass"))
	if err != nil {
		t.Fatal(err)
	}
	fail, err = manifest.Read(filepath.Join(dir, "fail"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pass) < 10 || len(fail) < 50 {
		t.Fatalf("too few fixtures in %s: %d pass, %d fail", dir, len(pass), len(fail))
	}
	return pass, fail
}

// TestRestrictedMatchesPSA checks the 19 benchmark policies against the pod
// security admission library on its own fixtures: every pod is decided
// alike, and as the fixture directory says.
func TestRestrictedMatchesPSA(t *testing.T) {
	set, err := Load("testdata/restricted")
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Policies()) != 19 || len(set.Problems()) != 0 {
		t.Fatalf("want 19 policies without problems, got %d: %v", len(set.Policies()), set.Problems())
	}
	e, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	psa, err := psapolicy.NewEvaluator(psapolicy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	level := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.MajorMinorVersion(1, 35)}
	pass, fail := psaFixtures(t)
	for want, docs := range map[bool][]manifest.Document{true: pass, false: fail} {
		for _, doc := range docs {
			pod := &corev1.Pod{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(doc.Object.Object, pod); err != nil {
				t.Fatal(err)
			}
			kubeScheme().Default(pod) // PSA admission, like the policies, sees the defaulted pod
			psaAllowed := psapolicy.AggregateCheckResults(psa.EvaluatePod(level, &pod.ObjectMeta, &pod.Spec)).Allowed
			d := evaluate(t, e, Request{Object: doc.Object})
			if psaAllowed != want || d.Allowed != want {
				t.Errorf("%s: want allowed=%v, PSA %v, VAPs %v: %s", filepath.Base(doc.Source.File), want, psaAllowed, d.Allowed, d.Message)
			}
		}
	}
}
