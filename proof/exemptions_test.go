// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/generator"
)

// Exemptions like PSA's, and secure by default (README "Exemptions",
// "Secure by default").

const deployer = "system:serviceaccount:ci:deployer"

var (
	exempt = newVariant(func(o *generator.Options) {
		o.Exemptions.Usernames = []string{deployer}
		o.Exemptions.RuntimeClassNames = []string{"kata"}
	})
	defaultRestricted = newVariant(func(o *generator.Options) { o.DefaultProfile = generator.Restricted })
)

var privilegedDenied = forbidden("pods", "web", "disallow-privileged-containers", "disallow-privileged-containers", privilegedMsg)

// TestExemptNamespace: the repository's vapgen.yaml exempts kube-system.
func TestExemptNamespace(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	if got := f.opts.Exemptions.Namespaces; len(got) != 1 || got[0] != "kube-system" {
		t.Fatalf("vapgen.yaml exempts namespaces %q, want [kube-system]", got)
	}
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: namespace("kube-system", "profile", "restricted")}), want{})
	check(t, f.decide(t, req{obj: wrap("DaemonSet", basePod("web", privileged)), ns: namespace("kube-system", "profile", "restricted", "warn", "restricted", "audit", "restricted")}), want{})
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: namespace("kube-public", "profile", "baseline")}), want{Deny: privilegedDenied})
}

func TestExemptUsernames(t *testing.T) {
	t.Parallel()
	f := exempt.get(t)
	ns := namespace("shop", "profile", "baseline")
	ci := &user.DefaultInfo{Name: deployer, Groups: []string{"system:serviceaccounts", "system:serviceaccounts:ci", user.AllAuthenticated}}
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: ns, user: ci}), want{})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("web", privileged)), ns: ns, user: ci}), want{})
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: ns, user: alice}), want{Deny: privilegedDenied})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("web", privileged)), ns: ns, user: alice}), want{Deny: workloads[0].privilegedDenied("web")})
}

// TestExemptUsernamesNotFromLabelGuard: a user exempt from Pod Security is not
// thereby allowed to change the labels that switch it on.
func TestExemptUsernamesNotFromLabelGuard(t *testing.T) {
	t.Parallel()
	f := exempt.get(t)
	ci := &user.DefaultInfo{Name: deployer, Groups: []string{"system:serviceaccounts", "system:serviceaccounts:ci", user.AllAuthenticated}}
	d := f.decide(t, req{old: namespace("shop", "profile", "restricted"), obj: namespace("shop", "profile", "baseline"), user: ci})
	check(t, d, want{Deny: guardDenied("shop", "groups system:masters", "pod-security.vapgen.io/profile")})
}

func TestExemptRuntimeClasses(t *testing.T) {
	t.Parallel()
	f := exempt.get(t)
	ns := namespace("shop", "profile", "baseline")
	check(t, f.decide(t, req{obj: basePod("web", privileged, runtimeClass("kata")), ns: ns}), want{})
	for _, w := range workloads {
		check(t, f.decide(t, req{obj: wrap(w.kind, basePod("web", privileged, runtimeClass("kata"))), ns: ns}), want{})
	}
	check(t, f.decide(t, req{obj: basePod("web", privileged, runtimeClass("runc")), ns: ns}), want{Deny: privilegedDenied})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("web", privileged, runtimeClass("gvisor"))), ns: ns}), want{Deny: workloads[0].privilegedDenied("web")})
}

func TestDefaultProfile(t *testing.T) {
	t.Parallel()
	f := defaultRestricted.get(t)
	p := restrictedPod("web", noRunAsNonRoot)
	// An unlabelled namespace enforces restricted.
	check(t, f.decide(t, req{obj: p, ns: namespace("shop")}), want{Deny: forbidden("pods", "web", nonRoot, nonRoot+"-default", nonRootMsg)})
	check(t, f.decide(t, req{obj: restrictedPod("web", hostNetwork), ns: namespace("shop")}),
		want{Deny: forbidden("pods", "web", hostNS, hostNS+"-default", hostNSMsg)})
	check(t, f.decide(t, req{obj: restrictedPod("web"), ns: namespace("shop")}), want{})
	// ... with its workloads too.
	check(t, f.decide(t, req{obj: wrap("Job", p), ns: namespace("shop")}),
		want{Deny: forbidden("jobs.batch", "web", nonRoot+"-workloads", nonRoot+"-workloads-default", "pod template (spec.template): "+nonRootMsg)})
	// An exempt namespace stays free.
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: namespace("kube-system")}), want{})
	// A profile label wins over the default.
	check(t, f.decide(t, req{obj: p, ns: namespace("shop", "profile", "baseline")}), want{})
	// The opt-out label still lifts a rule.
	check(t, f.decide(t, req{obj: p, ns: namespace("shop", nonRoot, "exclude")}), want{})
}
