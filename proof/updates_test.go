// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// UPDATEs of pods are judged like PSA judges them: only when an image changes
// (README "Updates"). Adding containers is impossible on a real server (the
// API server's validation forbids it), so it is not tested.
func TestGrandfatheredPodUpdates(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	ns := namespace("shop", "profile", "baseline")
	old := basePod("web", hostNetwork)
	hostNetworkDenied := forbidden("pods", "web", "disallow-host-namespaces", "disallow-host-namespaces", "host namespaces (hostNetwork=true)")
	for _, tc := range []struct {
		name   string
		change func(*corev1.Pod)
		deny   string
	}{
		{name: "label", change: func(p *corev1.Pod) { p.Labels["version"] = "2" }},
		{name: "annotation", change: func(p *corev1.Pod) { p.Annotations = map[string]string{"example.com/owner": "shop"} }},
		{name: "toleration", change: func(p *corev1.Pod) {
			p.Spec.Tolerations = append(p.Spec.Tolerations, corev1.Toleration{Key: "node.example/drain", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute})
		}},
		{name: "image", change: image("registry.example/app:2"), deny: hostNetworkDenied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			updated := old.DeepCopy()
			tc.change(updated)
			check(t, f.decide(t, req{old: old, obj: updated, ns: ns}), want{Deny: tc.deny})
		})
	}
	// The same pod is denied when created.
	check(t, f.decide(t, req{obj: old, ns: ns}), want{Deny: hostNetworkDenied})
}
