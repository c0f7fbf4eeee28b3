// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	"github.com/vapgen/vapgen/generator"
)

// The profile, warn and audit labels mirror PSA's enforce, warn and audit;
// a per-rule opt-out lifts one rule in all three (README "Namespace labels").

const (
	hostNS     = "disallow-host-namespaces"
	hostNSMsg  = "host namespaces (hostNetwork=true)"
	nonRoot    = "require-run-as-non-root"
	nonRootMsg = `runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)`
)

func TestModes(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	for _, tc := range []struct {
		name   string
		labels []string
		pod    string // "hostNetwork" (baseline violation) or "nonRoot" (restricted only)
		want   want
	}{
		{"warn restricted", []string{"warn", "restricted"}, "hostNetwork",
			want{Warnings: []string{warning(hostNS, hostNS+"-warn", hostNSMsg)}}},
		{"audit restricted", []string{"audit", "restricted"}, "hostNetwork",
			want{Audit: []string{hostNS + "/" + hostNS + "-audit"}}},
		{"profile baseline, warn restricted: baseline violation", []string{"profile", "baseline", "warn", "restricted"}, "hostNetwork",
			want{Deny: forbidden("pods", "web", hostNS, hostNS, hostNSMsg), Warnings: []string{warning(hostNS, hostNS+"-warn", hostNSMsg)}}},
		{"profile baseline, warn restricted: restricted violation", []string{"profile", "baseline", "warn", "restricted"}, "nonRoot",
			want{Warnings: []string{warningFor(nonRoot, nonRootMsg)}}},
		{"profile baseline: restricted violation", []string{"profile", "baseline"}, "nonRoot", want{}},
		{"warn baseline: restricted violation", []string{"warn", "baseline"}, "nonRoot", want{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := restrictedPod("web", hostNetwork)
			if tc.pod == "nonRoot" {
				p = restrictedPod("web", noRunAsNonRoot)
			}
			check(t, f.decide(t, req{obj: p, ns: namespace("shop", tc.labels...)}), tc.want)
		})
	}
}

// TestOptOutEveryMode: `<prefix>/disallow-host-namespaces: exclude` lifts that
// rule (pod and pod-template policies) in each mode, and only that rule.
func TestOptOutEveryMode(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	// Breaks the lifted rule and one that stays.
	p := restrictedPod("web", hostNetwork, noRunAsNonRoot)
	for _, mode := range []string{"profile", "warn", "audit"} {
		t.Run(mode, func(t *testing.T) {
			// Without the opt-out both rules act, with it only the other.
			for _, excluded := range []bool{false, true} {
				labels := []string{mode, "restricted"}
				rules := []string{hostNS, nonRoot}
				msgs := []string{hostNSMsg, nonRootMsg}
				if excluded {
					labels = append(labels, hostNS, generator.ExcludeValue)
					rules, msgs = rules[1:], msgs[1:]
				}
				w := want{Failed: []string{}}
				for i, r := range rules {
					suffix := map[string]string{"profile": "", "warn": "-warn", "audit": "-audit"}[mode]
					w.Failed = append(w.Failed, judgedBy(r, suffix))
					switch mode {
					case "profile":
						if i == 0 {
							w.Deny = forbidden("pods", "web", r, r, msgs[i])
						}
					case "warn":
						w.Warnings = append(w.Warnings, warningFor(r, msgs[i]))
					case "audit":
						// Every failure is recorded
						// (TestAuditRecordsEveryViolation).
						w.Audit = append(w.Audit, judgedBy(r, suffix))
					}
				}
				ns := namespace("shop", labels...)
				check(t, f.decide(t, req{obj: p, ns: ns}), w)

				// The pod-template policy of the lifted rule is lifted too.
				d := f.decide(t, req{obj: wrap("Deployment", restrictedPod("web", hostNetwork)), ns: ns})
				if got := failedPolicies(d); excluded != (len(got) == 0) {
					t.Errorf("excluded=%v: Deployment with hostNetwork: failed %v", excluded, got)
				}
			}
		})
	}
}
