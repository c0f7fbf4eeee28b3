// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// A namespace labelled with a value that means nothing before the label
// guard existed is judged as PSA judges its own labels (api.PolicyToEvaluate,
// README "Namespace labels"): an invalid profile level enforces restricted,
// an invalid warn or audit level is privileged (PSA fails open there), an
// invalid version is latest.

// TestInvalidProfileIsRestricted: the profile bindings of what restricted
// includes select a namespace whose profile label is no level and deny what
// restricted denies, with the rule's own message.
func TestInvalidProfileIsRestricted(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	ns := namespace("shop", "profile", "restrictd")
	// A privileged pod breaks restricted rules too: each judges it.
	d := f.decide(t, req{obj: basePod("web", privileged), ns: ns})
	if failed := failedPolicies(d); d.Allowed || !slices.Contains(failed, "disallow-privileged-containers/disallow-privileged-containers") ||
		!slices.Contains(failed, "disallow-privilege-escalation/disallow-privilege-escalation") {
		t.Errorf("privileged pod: allowed %v, failed %q: want denied by disallow-privileged-containers and disallow-privilege-escalation", d.Allowed, failed)
	}
	check(t, f.decide(t, req{obj: restrictedPod("web", noRunAsNonRoot), ns: ns}), want{Deny: forbidden("pods", "web", nonRoot, nonRoot, nonRootMsg)})
	check(t, f.decide(t, req{obj: restrictedPod("web"), ns: ns}), want{})
	// The opt-out label and the exemptions still lift rules.
	check(t, f.decide(t, req{obj: restrictedPod("web", noRunAsNonRoot), ns: namespace("shop", "profile", "restrictd", nonRoot, generator.ExcludeValue)}), want{})
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: namespace("kube-system", "profile", "restrictd")}), want{})
	// Invalid warn and audit levels judge nothing.
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: namespace("shop", "warn", "restrictd", "audit", "Restricted")}), want{})
}

// TestInvalidVersionIsLatest: with pssVersion v1.33, a version label that is
// no version judges at latest (a host probe is denied from v1.34); an older
// version than implemented at the oldest one (v1.30: no host probe check,
// the sysctl net.ipv4.tcp_rmem still forbidden).
func TestInvalidVersionIsLatest(t *testing.T) {
	t.Parallel()
	f := pssV133.get(t)
	for _, v := range []string{"v1.3x", "1.37", "v1.99", ""} {
		check(t, f.decide(t, req{obj: basePod("web", probeHost), ns: namespace("shop", "profile", "baseline", "profile-version", v)}),
			want{Deny: forbidden("pods", "web", probesRule, probesRule, probesMsg)})
	}
	old := namespace("shop", "profile", "baseline", "profile-version", "v1.20")
	check(t, f.decide(t, req{obj: basePod("web", probeHost), ns: old}), want{})
	check(t, f.decide(t, req{obj: basePod("web", tcpRmem), ns: old}), want{Deny: forbidden("pods", "web", sysctlsRule, sysctlsRule, sysctlsMsg)})
}

// TestInvalidLabelsAgreeWithPSA: in namespaces with invalid values, each pod
// is denied, warned and audited exactly when PSA, reading the same labels as
// its own, denies, warns and audits it; in both layouts and with a default
// version other than latest.
func TestInvalidLabelsAgreeWithPSA(t *testing.T) {
	t.Parallel()
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		t.Fatal(err)
	}
	pods := []*corev1.Pod{basePod("web", privileged), basePod("web", hostNetwork), restrictedPod("web", noRunAsNonRoot), restrictedPod("web"),
		basePod("web", tcpRmem), basePod("web", probeHost)}
	labelSets := [][]string{
		{"profile", "restrictd"}, {"profile", "Restricted"}, {"profile", ""}, {"profile", "restrictd", "warn", "restricted"},
		{"profile", "restrictd", "profile-version", "v1.31"}, {"profile", "restricted", "profile-version", "v1.3l"},
		{"profile", "baseline", "profile-version", "latest "}, {"profile", "baseline", "profile-version", "v1.99"},
		{"warn", "restrictd"}, {"audit", "bogus"}, {"warn", "bogus", "audit", "restricted"}, {"warn", "baseline", "warn-version", "v1"},
		{"profile", "privileged", "warn", "Baseline"},
	}
	for _, v := range []*variant{repo, perProfile, pssV133} {
		f := v.get(t)
		defaultVersion, err := api.ParseVersion(f.opts.PSSVersion)
		if f.opts.PSSVersion == "" || err != nil {
			defaultVersion = api.LatestVersion()
		}
		privileged := api.LevelVersion{Level: api.LevelPrivileged, Version: defaultVersion}
		for _, labels := range labelSets {
			ns := namespace("shop", labels...)
			p := psaPolicy(ns, api.Policy{Enforce: privileged, Warn: privileged, Audit: privileged})
			for _, pod := range pods {
				d := f.decide(t, req{obj: pod, ns: ns})
				enforce, warn, audit := psaAllows(e, p.Enforce, pod), psaAllows(e, p.Warn, pod), psaAllows(e, p.Audit, pod)
				got := [3]bool{d.Allowed, len(d.Warnings) == 0, d.AuditAnnotations[failureAnnotation] == ""}
				if got[0] != enforce || (enforce && got != [3]bool{enforce, warn, audit}) {
					t.Errorf("%s, %s in %v: vapgen allowed/no warning/no audit %v, PSA (%s) %v: %s", f.opts.Layout, pod.Name, labels, got, p.String(), [3]bool{enforce, warn, audit}, d.Message)
				}
			}
		}
	}
}

// psaPolicy is what PSA enforces, warns and audits in a namespace with
// vapgen's labels as its own.
func psaPolicy(ns *corev1.Namespace, defaults api.Policy) api.Policy {
	labels := map[string]string{}
	for ours, theirs := range map[string]string{
		"profile": api.EnforceLevelLabel, "profile-version": api.EnforceVersionLabel, "warn": api.WarnLevelLabel,
		"warn-version": api.WarnVersionLabel, "audit": api.AuditLevelLabel, "audit-version": api.AuditVersionLabel,
	} {
		if v, ok := ns.Labels[prefixed+ours]; ok {
			labels[theirs] = v
		}
	}
	p, _ := api.PolicyToEvaluate(labels, defaults)
	return p
}

// psaAllows is PSA's verdict at lv, its latest being psstest.Latest.
func psaAllows(e policy.Evaluator, lv api.LevelVersion, pod *corev1.Pod) bool {
	if lv.Version.Latest() {
		lv.Version = psstest.Latest
	}
	return policy.AggregateCheckResults(e.EvaluatePod(lv, &psstest.Defaulted(pod).ObjectMeta, &psstest.Defaulted(pod).Spec)).Allowed
}
