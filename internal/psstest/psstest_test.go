// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest_test

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/internal/psstest"
)

func TestGeneratorIsReproducible(t *testing.T) {
	a, b := psstest.NewPodGenerator(42), psstest.NewPodGenerator(42)
	for i := 0; i < 200; i++ {
		if pa, pb := a.Pod(), b.Pod(); !reflect.DeepEqual(pa, pb) {
			t.Fatalf("pod %d differs for the same seed", i)
		}
	}
}

func TestShrinkKeepsProperty(t *testing.T) {
	o, err := psstest.NewOracle(psstest.Latest)
	if err != nil {
		t.Fatal(err)
	}
	g := psstest.NewPodGenerator(3)
	for i := 0; i < 50; i++ {
		pod := g.Pod()
		r, _ := o.Check("allowPrivilegeEscalation", pod)
		if r.Allowed {
			continue
		}
		keep := func(p *corev1.Pod) bool { r, _ := o.Check("allowPrivilegeEscalation", p); return !r.Allowed }
		small := psstest.Shrink(pod, keep)
		if !keep(small) {
			t.Fatalf("shrunk pod lost the property:\n%s", psstest.PodYAML(small))
		}
		// Nothing else is needed to fail the check: one bare container.
		if n := len(small.Spec.Containers) + len(small.Spec.InitContainers) + len(small.Spec.EphemeralContainers); n != 1 || small.Spec.Containers[0].SecurityContext != nil {
			t.Errorf("not minimal:\n%s", psstest.PodYAML(small))
		}
		return
	}
	t.Fatal("no pod fails allowPrivilegeEscalation")
}

func TestOracleUsesExplicitVersion(t *testing.T) {
	// hostUsers: false relaxes runAsNonRoot only from v1.35 on.
	pod := &corev1.Pod{Spec: corev1.PodSpec{
		HostUsers:       ptr(false),
		SecurityContext: &corev1.PodSecurityContext{SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
		Containers: []corev1.Container{{Name: "app", SecurityContext: &corev1.SecurityContext{
			AllowPrivilegeEscalation: ptr(false), Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}}},
	}}
	for _, tc := range []struct {
		version api.Version
		allowed bool
		checks  int
	}{
		{api.MajorMinorVersion(1, 33), false, 17}, // no hostProbesAndHostLifecycle, no procMount_restricted
		{api.MajorMinorVersion(1, 34), false, 18},
		{api.MajorMinorVersion(1, 35), true, 19},
		{psstest.Latest, true, 19},
	} {
		o, err := psstest.NewOracle(tc.version)
		if err != nil {
			t.Fatal(err)
		}
		if v := o.Evaluate(api.LevelRestricted, pod); v.Allowed != tc.allowed {
			t.Errorf("restricted %s: %v, want allowed=%v", tc.version, v, tc.allowed)
		}
		if got := len(o.CheckIDs(api.LevelBaseline)) + len(o.CheckIDs(api.LevelRestricted)); got != tc.checks {
			t.Errorf("PSA has %d checks at %s, want %d", got, tc.version, tc.checks)
		}
	}
}

func ptr[T any](v T) *T { return &v }
