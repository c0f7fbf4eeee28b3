// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
)

// `kubectl debug` adds containers through pods/ephemeralcontainers, which the
// pod policies match too (README "No way around it").

// debug returns the pod with an ephemeral container added, as kubectl debug
// sends it to the ephemeralcontainers subresource.
func debug(p *corev1.Pod, sc *corev1.SecurityContext) *corev1.Pod {
	p = p.DeepCopy()
	p.Spec.EphemeralContainers = append(p.Spec.EphemeralContainers, corev1.EphemeralContainer{
		EphemeralContainerCommon: corev1.EphemeralContainerCommon{Name: "debugger", Image: "registry.example/busybox:1", SecurityContext: sc},
		TargetContainerName:      "app",
	})
	return p
}

func TestEphemeralContainers(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	sysAdmin := &corev1.SecurityContext{Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"SYS_ADMIN"}}}
	for _, tc := range []struct {
		name    string
		running *corev1.Pod
		sc      *corev1.SecurityContext
		profile api.Level
		deny    string
	}{
		{name: "SYS_ADMIN, baseline", running: basePod("web"), sc: sysAdmin, profile: api.LevelBaseline,
			deny: forbidden("pods", "web", "disallow-capabilities-beyond-default-set", "disallow-capabilities-beyond-default-set",
				`non-default capabilities (container "debugger" must not include "SYS_ADMIN" in securityContext.capabilities.add)`)},
		{name: "privileged, baseline", running: basePod("web"), sc: &corev1.SecurityContext{Privileged: ptr(true)}, profile: api.LevelBaseline,
			deny: forbidden("pods", "web", "disallow-privileged-containers", "disallow-privileged-containers",
				`privileged (container "debugger" must not set securityContext.privileged=true)`)},
		{name: "compliant, baseline", running: basePod("web"), profile: api.LevelBaseline},
		{name: "no securityContext, restricted", running: restrictedPod("web"), profile: api.LevelRestricted,
			deny: forbidden("pods", "web", "disallow-privilege-escalation", "disallow-privilege-escalation",
				`allowPrivilegeEscalation != false (container "debugger" must set securityContext.allowPrivilegeEscalation=false)`)},
		{name: "compliant, restricted", running: restrictedPod("web"), sc: restrictedSC(), profile: api.LevelRestricted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debugged := debug(tc.running, tc.sc)
			d := f.decide(t, req{old: tc.running, obj: debugged, subresource: "ephemeralcontainers", ns: namespace("shop", "profile", string(tc.profile))})
			check(t, d, want{Deny: tc.deny})
			if v := psa(t, tc.profile, debugged); v.Allowed != (tc.deny == "") {
				t.Errorf("PSA %s disagrees: %s", tc.profile, v)
			}
		})
	}
}
