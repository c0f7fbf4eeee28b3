// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
)

// Issue 6: the shipped overlays (overlays/php-ptrace.yaml,
// overlays/geoip-hostpath.yaml) add back SYS_PTRACE and read-only GeoIP
// hostPaths in mw-api and mw-web, and nothing else (README "Overlays").

const (
	capsBase      = "disallow-capabilities-beyond-default-set"
	capsPtrace    = capsBase + "-php-ptrace"
	capsRestr     = "restrict-capabilities-drop-all-add-only-net-bind-service"
	capsRestrCopy = "restrict-capabilities-drop-all-add-only-net-bind-servi-6b4492db"
	hostPathCopy  = "disallow-host-path-volumes-geoip-hostpath"
	volTypesCopy  = "restrict-volume-types-geoip-hostpath"
)

func capsMsg(c string) string {
	return `non-default capabilities (container "app" must not include "` + c + `" in securityContext.capabilities.add)`
}

func hostPathMsg(v string) string { return `hostPath volumes (volume "` + v + `")` }

func TestOverlayCapabilities(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	for _, tc := range []struct {
		name string
		pod  *corev1.Pod
		ns   *corev1.Namespace
		want want
	}{
		{"mw-api restricted: SYS_PTRACE", restrictedPod("web", addCaps("SYS_PTRACE")), namespace("mw-api", "profile", "restricted"), want{}},
		{"mw-api restricted: SYS_PTRACE, NET_ADMIN", restrictedPod("web", addCaps("SYS_PTRACE", "NET_ADMIN")), namespace("mw-api", "profile", "restricted"),
			want{Deny: forbidden("pods", "web", capsPtrace, capsPtrace, capsMsg("NET_ADMIN")), Failed: []string{capsPtrace + "/" + capsPtrace, capsRestrCopy + "/" + capsRestrCopy}}},
		{"mw-web restricted: SYS_PTRACE", restrictedPod("web", addCaps("SYS_PTRACE")), namespace("mw-web", "profile", "restricted"), want{}},
		{"mw-web baseline: SYS_PTRACE", basePod("web", addCaps("SYS_PTRACE")), namespace("mw-web", "profile", "baseline"), want{}},
		{"mw-web baseline: SYS_PTRACE, NET_ADMIN", basePod("web", addCaps("SYS_PTRACE", "NET_ADMIN")), namespace("mw-web", "profile", "baseline"),
			want{Deny: forbidden("pods", "web", capsPtrace, capsPtrace, capsMsg("NET_ADMIN"))}},
		{"mw-api warn restricted: SYS_PTRACE", restrictedPod("web", addCaps("SYS_PTRACE")), namespace("mw-api", "warn", "restricted"), want{}},
		{"mw-api warn restricted: NET_ADMIN", restrictedPod("web", addCaps("NET_ADMIN")), namespace("mw-api", "warn", "restricted"),
			want{Warnings: []string{warning(capsPtrace, capsPtrace+"-warn", capsMsg("NET_ADMIN")),
				warning(capsRestrCopy, capsRestrCopy+"-warn", `unrestricted capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)`)}}},
		{"shop restricted: SYS_PTRACE", restrictedPod("web", addCaps("SYS_PTRACE")), namespace("shop", "profile", "restricted"),
			want{Deny: forbidden("pods", "web", capsBase, capsBase, capsMsg("SYS_PTRACE")), Failed: []string{capsBase + "/" + capsBase, capsRestr + "/" + capsRestr}}},
		{"shop baseline: SYS_PTRACE", basePod("web", addCaps("SYS_PTRACE")), namespace("shop", "profile", "baseline"),
			want{Deny: forbidden("pods", "web", capsBase, capsBase, capsMsg("SYS_PTRACE"))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, f.decide(t, req{obj: tc.pod, ns: tc.ns}), tc.want)
		})
	}
}

func TestOverlayCapabilitiesInTemplates(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	ns := namespace("mw-api", "profile", "restricted")
	check(t, f.decide(t, req{obj: wrap("Deployment", restrictedPod("web", addCaps("SYS_PTRACE"))), ns: ns}), want{})
	check(t, f.decide(t, req{obj: wrap("CronJob", restrictedPod("web", addCaps("SYS_PTRACE", "NET_ADMIN"))), ns: ns}),
		want{Deny: forbidden("cronjobs.batch", "web", capsPtrace+"-cronjobs", capsPtrace+"-cronjobs", "pod template (spec.jobTemplate.spec.template): "+capsMsg("NET_ADMIN"))})
	check(t, f.decide(t, req{obj: wrap("Deployment", restrictedPod("web", addCaps("SYS_PTRACE"))), ns: namespace("shop", "profile", "restricted")}),
		want{Deny: forbidden("deployments.apps", "web", capsBase+"-workloads", capsBase+"-workloads", "pod template (spec.template): "+capsMsg("SYS_PTRACE"))})
}

func TestOverlayHostPaths(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	geoip := hostPath("geoip", "/usr/share/GeoIP")
	for _, tc := range []struct {
		name string
		pod  *corev1.Pod
		want want
	}{
		{"GeoIP read-only", restrictedPod("web", volume(geoip, true)), want{}},
		{"GeoIPInfo read-only", restrictedPod("web", volume(hostPath("info", "/usr/share/GeoIPInfo"), true)), want{}},
		{"GeoIP read-only, twice", restrictedPod("web", volume(geoip, true), sidecar(true)), want{}},
		{"GeoIP writable", restrictedPod("web", volume(geoip, false)),
			want{Deny: forbidden("pods", "web", hostPathCopy, hostPathCopy, hostPathMsg("geoip")), Failed: []string{hostPathCopy + "/" + hostPathCopy}}},
		{"GeoIP writable in a second container", restrictedPod("web", volume(geoip, true), sidecar(false)),
			want{Deny: forbidden("pods", "web", hostPathCopy, hostPathCopy, hostPathMsg("geoip")), Failed: []string{hostPathCopy + "/" + hostPathCopy}}},
		{"GeoIP subdirectory", restrictedPod("web", volume(hostPath("geoip", "/usr/share/GeoIP/../../../etc"), true)),
			want{Deny: forbidden("pods", "web", hostPathCopy, hostPathCopy, hostPathMsg("geoip"))}},
		{"/etc read-only", restrictedPod("web", volume(hostPath("etc", "/etc"), true)),
			want{Deny: forbidden("pods", "web", hostPathCopy, hostPathCopy, hostPathMsg("etc")), Failed: []string{hostPathCopy + "/" + hostPathCopy, volTypesCopy + "/" + volTypesCopy}}},
		{"configMap", restrictedPod("web", volume(corev1.Volume{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "config"}}}}, true)), want{}},
		{"gitRepo", restrictedPod("web", volume(corev1.Volume{Name: "src", VolumeSource: corev1.VolumeSource{GitRepo: &corev1.GitRepoVolumeSource{Repository: "https://example.com/src.git"}}}, true)),
			want{Deny: forbidden("pods", "web", volTypesCopy, volTypesCopy, `restricted volume types (volume "src" uses restricted volume type "gitRepo")`), Failed: []string{volTypesCopy + "/" + volTypesCopy}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			check(t, f.decide(t, req{obj: tc.pod, ns: namespace("mw-api", "profile", "restricted")}), tc.want)
		})
	}
	// Without the overlay, GeoIP is denied like any hostPath.
	check(t, f.decide(t, req{obj: restrictedPod("web", volume(geoip, true)), ns: namespace("shop", "profile", "baseline")}),
		want{Deny: forbidden("pods", "web", "disallow-host-path-volumes", "disallow-host-path-volumes", hostPathMsg("geoip"))})
}

// TestOverlayNamespacesKeepOtherControls: everything the overlays do not
// relax is enforced in their namespaces as anywhere else.
func TestOverlayNamespacesKeepOtherControls(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	for _, name := range []string{"mw-api", "mw-web"} {
		ns := namespace(name, "profile", "restricted")
		check(t, f.decide(t, req{obj: basePod("web", privileged), ns: namespace(name, "profile", "baseline")}), want{Deny: privilegedDenied})
		check(t, f.decide(t, req{obj: restrictedPod("web", addCaps("SYS_PTRACE"), hostNetwork), ns: ns}), want{Deny: forbidden("pods", "web", hostNS, hostNS, hostNSMsg)})
		check(t, f.decide(t, req{obj: restrictedPod("web", addCaps("SYS_PTRACE"), noRunAsNonRoot), ns: ns}), want{Deny: forbidden("pods", "web", nonRoot, nonRoot, nonRootMsg)})
		// SYS_PTRACE still needs drop: [ALL] in restricted.
		noDrop := restrictedPod("web", addCaps("SYS_PTRACE"))
		noDrop.Spec.Containers[0].SecurityContext.Capabilities.Drop = nil
		check(t, f.decide(t, req{obj: noDrop, ns: ns}), want{Deny: forbidden("pods", "web", capsRestrCopy, capsRestrCopy,
			`unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])`)})
	}
}

// TestOverlayOptOut: the base rule's opt-out label lifts its overlay copy too.
func TestOverlayOptOut(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	p := basePod("web", addCaps("SYS_PTRACE", "NET_ADMIN"))
	check(t, f.decide(t, req{obj: p, ns: namespace("mw-web", "profile", "baseline", capsBase, "exclude")}), want{})
	check(t, f.decide(t, req{obj: p, ns: namespace("mw-web", "profile", "baseline", capsPtrace, "exclude")}),
		want{Deny: forbidden("pods", "web", capsPtrace, capsPtrace, capsMsg("NET_ADMIN"))})
}

// TestOverlayWithDefaultProfile: an unlabelled overlay namespace under
// defaultProfile gets the overlay, through the copy's default binding.
func TestOverlayWithDefaultProfile(t *testing.T) {
	t.Parallel()
	f := defaultRestricted.get(t)
	check(t, f.decide(t, req{obj: restrictedPod("web", addCaps("SYS_PTRACE")), ns: namespace("mw-api")}), want{})
	check(t, f.decide(t, req{obj: restrictedPod("web", addCaps("SYS_PTRACE", "NET_ADMIN")), ns: namespace("mw-api")}),
		want{Deny: forbidden("pods", "web", capsPtrace, capsPtrace+"-default", capsMsg("NET_ADMIN"))})
	check(t, f.decide(t, req{obj: restrictedPod("web", addCaps("SYS_PTRACE")), ns: namespace("shop")}),
		want{Deny: forbidden("pods", "web", capsBase, capsBase+"-default", capsMsg("SYS_PTRACE"))})
}
