// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/vapgen/vapgen/generator"
)

// A namespace is judged at the Pod Security Standards version its mode's
// version label names, like PSA's enforce-version, warn-version and
// audit-version (README "Pod Security Standards versions").

// tcpRmem sets a sysctl that baseline allows from v1.32.
func tcpRmem(p *corev1.Pod) {
	if p.Spec.SecurityContext == nil {
		p.Spec.SecurityContext = &corev1.PodSecurityContext{}
	}
	p.Spec.SecurityContext.Sysctls = []corev1.Sysctl{{Name: "net.ipv4.tcp_rmem", Value: "4096 87380 6291456"}}
}

// probeHost sets a host on a probe, which baseline forbids from v1.34.
func probeHost(p *corev1.Pod) {
	p.Spec.Containers[0].ReadinessProbe = &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Host: "10.0.0.1"}}}
}

const (
	sysctlsRule = "restrict-sysctls"
	sysctlsMsg  = "forbidden sysctls (net.ipv4.tcp_rmem)"
	probesRule  = "disallow-probe-and-lifecycle-hosts"
	probesMsg   = `probe or lifecycle host (container "app" uses probe or lifecycle host "10.0.0.1")`
)

func TestVersionLabelsPinEachMode(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	pod := basePod("web", tcpRmem)
	enforce, warn, audit := sysctlsRule, sysctlsRule+"-warn", sysctlsRule+"-audit"
	for _, c := range []struct {
		name string
		ns   *corev1.Namespace
		w    want
	}{
		{"latest", namespace("shop", "profile", "baseline"), want{}},
		{"latest by name", namespace("shop", "profile", "baseline", "profile-version", "latest"), want{}},
		{"v1.32", namespace("shop", "profile", "baseline", "profile-version", "v1.32"), want{}},
		{"v1.31", namespace("shop", "profile", "baseline", "profile-version", "v1.31"), want{Deny: forbidden("pods", "web", enforce, enforce, sysctlsMsg)}},
		{"v1.30 restricted", namespace("shop", "profile", "restricted", "profile-version", "v1.30"), want{Deny: forbidden("pods", "web", enforce, enforce, sysctlsMsg)}},
		// Each mode has its own version label.
		{"warn v1.31", namespace("shop", "profile", "baseline", "warn", "baseline", "warn-version", "v1.31"), want{Warnings: []string{warning(warn, warn, sysctlsMsg)}}},
		{"warn pinned, enforce latest", namespace("shop", "profile", "baseline", "profile-version", "v1.31", "warn", "baseline"), want{Deny: forbidden("pods", "web", enforce, enforce, sysctlsMsg)}},
		{"audit v1.30", namespace("shop", "audit", "baseline", "audit-version", "v1.30"), want{Audit: []string{audit + "/" + audit}}},
		// A value that names no implemented version is judged at the
		// default, as PSA judges invalid values as latest.
		{"invalid value", namespace("shop", "profile", "baseline", "profile-version", "v1.99"), want{}},
		// The opt-out label lifts every version of the rule.
		{"v1.31 opted out", namespace("shop", "profile", "baseline", "profile-version", "v1.31", sysctlsRule, generator.ExcludeValue), want{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			obj := pod
			if c.ns.Labels[generator.DefaultLabelPrefix+"/profile"] == "restricted" {
				obj = restrictedPod("web", tcpRmem)
			}
			check(t, f.decide(t, req{obj: obj, ns: c.ns}), c.w)
		})
	}
}

// TestControlsByVersion: a control that PSA adds at a version judges only
// namespaces at that version or later.
func TestControlsByVersion(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	pod := basePod("web", probeHost)
	check(t, f.decide(t, req{obj: pod, ns: namespace("shop", "profile", "baseline", "profile-version", "v1.33")}), want{})
	check(t, f.decide(t, req{obj: pod, ns: namespace("shop", "profile", "baseline", "profile-version", "v1.34")}),
		want{Deny: forbidden("pods", "web", probesRule, probesRule, probesMsg)})
}

// pssV133 judges namespaces without a version label at v1.33 (config
// pssVersion: v1.33): a control that exists only from a later version
// judges only the namespaces whose version label names one.
var pssV133 = newVariant(func(o *generator.Options) { o.PSSVersion = "v1.33" })

func TestDefaultVersion(t *testing.T) {
	t.Parallel()
	f := pssV133.get(t)
	pod := basePod("web", probeHost)
	check(t, f.decide(t, req{obj: pod, ns: namespace("shop", "profile", "baseline")}), want{})
	check(t, f.decide(t, req{obj: pod, ns: namespace("shop", "profile", "baseline", "profile-version", "latest")}),
		want{Deny: forbidden("pods", "web", probesRule, probesRule, probesMsg)})
}
