// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/internal/psstest"
)

// Pod Security Admission at v1.35 (policy.EvaluatePod), the reference the
// tests' pods and some verdicts are checked against.
var (
	oracleOnce sync.Once
	oracle     *psstest.Oracle
	oracleErr  error
)

// psa returns PSA's verdict on a pod (after the API server's defaults).
func psa(t testing.TB, level api.Level, p *corev1.Pod) psstest.Verdict {
	t.Helper()
	oracleOnce.Do(func() { oracle, oracleErr = psstest.NewOracle(psstest.Latest) })
	if oracleErr != nil {
		t.Fatal(oracleErr)
	}
	return oracle.Evaluate(level, psstest.Defaulted(p))
}

// TestPodsAgreeWithPSA: the tests' pods are what their names say.
func TestPodsAgreeWithPSA(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                 string
		pod                  *corev1.Pod
		baseline, restricted bool
	}{
		{"basePod", basePod("p"), true, false},
		{"restrictedPod", restrictedPod("p"), true, true},
		{"restrictedPod+sidecar", restrictedPod("p", sidecar(true)), true, true},
		{"privileged", basePod("p", privileged), false, false},
		{"hostNetwork", restrictedPod("p", hostNetwork), false, false},
		{"noRunAsNonRoot", restrictedPod("p", noRunAsNonRoot), true, false},
		{"SYS_PTRACE", restrictedPod("p", addCaps("SYS_PTRACE")), false, false},
	} {
		if v := psa(t, api.LevelBaseline, tc.pod); v.Allowed != tc.baseline {
			t.Errorf("%s: PSA baseline %s", tc.name, v)
		}
		if v := psa(t, api.LevelRestricted, tc.pod); v.Allowed != tc.restricted {
			t.Errorf("%s: PSA restricted %s", tc.name, v)
		}
	}
}
