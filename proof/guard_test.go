// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/generator"
)

// The label guard keeps the `<prefix>/` namespace labels in the hands of the
// configured users and groups (README "Label guard").

// labelAdmins lets another group change the labels.
var labelAdmins = newVariant(func(o *generator.Options) { o.LabelGuard.Groups = []string{"vapgen:label-admins"} })

// guardDenied is the guard's message; who is e.g. "groups system:masters".
func guardDenied(ns, who, changed string) string {
	return forbidden("namespaces", ns, generator.GuardName, generator.GuardName,
		"only "+who+" may add, change or remove pod-security.vapgen.io/* labels; this request changes "+changed)
}

var (
	admin     = &user.DefaultInfo{Name: "kubernetes-admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}}
	teamAdmin = &user.DefaultInfo{Name: "bob", Groups: []string{"vapgen:label-admins", user.AllAuthenticated}}
)

// guardCase changes a namespace (old nil: creates it).
type guardCase struct {
	name     string
	old, new *corev1.Namespace
	changed  string // the guarded labels it changes, "" for none
}

var guardCases = []guardCase{
	{"add an opt-out", namespace("shop", "profile", "restricted"), namespace("shop", "profile", "restricted", "disallow-host-ports", "exclude"), "pod-security.vapgen.io/disallow-host-ports"},
	{"lower the profile", namespace("shop", "profile", "restricted"), namespace("shop", "profile", "baseline"), "pod-security.vapgen.io/profile"},
	{"remove the profile", namespace("shop", "profile", "restricted", "example.com/team", "checkout"), namespace("shop", "example.com/team", "checkout"), "pod-security.vapgen.io/profile"},
	{"create with a profile", nil, namespace("shop", "profile", "restricted"), "pod-security.vapgen.io/profile"},
	{"add warn", namespace("shop"), namespace("shop", "warn", "baseline"), "pod-security.vapgen.io/warn"},
	{"change audit", namespace("shop", "audit", "restricted"), namespace("shop", "audit", "baseline"), "pod-security.vapgen.io/audit"},
	{"other labels", namespace("shop", "profile", "restricted"), namespace("shop", "profile", "restricted", "example.com/team", "checkout", "kubernetes.io/tier", "1"), ""},
	{"create without guarded labels", nil, namespace("shop", "example.com/team", "checkout"), ""},
}

func (c guardCase) request(u user.Info) req {
	r := req{obj: c.new, user: u}
	if c.old != nil {
		r.old = c.old
	}
	return r
}

func TestLabelGuard(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	for _, c := range guardCases {
		t.Run(c.name, func(t *testing.T) {
			w := want{}
			if c.changed != "" {
				w.Deny = guardDenied("shop", "groups system:masters", c.changed)
			}
			check(t, f.decide(t, c.request(alice)), w)
			check(t, f.decide(t, c.request(admin)), want{})
		})
	}
}

func TestLabelGuardGroups(t *testing.T) {
	t.Parallel()
	f := labelAdmins.get(t)
	for _, c := range guardCases {
		t.Run(c.name, func(t *testing.T) {
			w := want{}
			if c.changed != "" {
				// system:masters may always (generator.GuardAdminGroup).
				w.Deny = guardDenied("shop", "groups system:masters, vapgen:label-admins", c.changed)
			}
			check(t, f.decide(t, c.request(alice)), w)
			check(t, f.decide(t, c.request(teamAdmin)), want{})
			check(t, f.decide(t, c.request(admin)), want{})
		})
	}
}

// TestLabelGuardMessageIsStable: a request that changes several guarded
// labels gets the same message every time, the labels sorted. (Map iteration
// order is random per request: before 78d52db the list was in that order.)
func TestLabelGuardMessageIsStable(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	r := req{old: namespace("shop"), obj: namespace("shop", "profile", "baseline", "warn", "restricted", "audit", "restricted"), user: alice}
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		d := f.decide(t, r)
		seen[d.Message] = true
		check(t, d, want{Deny: guardDenied("shop", "groups system:masters", "pod-security.vapgen.io/audit, pod-security.vapgen.io/profile, pod-security.vapgen.io/warn")})
	}
	if len(seen) != 1 {
		t.Errorf("%d different messages for one request:", len(seen))
		for m := range seen {
			t.Log(m)
		}
	}
}

// TestLabelGuardCoversSubresources: labels cannot be changed through the
// namespaces/status and namespaces/finalize subresources either. The API
// server keeps metadata changes sent to them (their strategies reset only
// spec, resp. status: k8s.io/kubernetes pkg/registry/core/namespace
// PrepareForUpdate; kubernetes/kubernetes#92022); before 78d52db the guard
// matched `namespaces` only.
func TestLabelGuardCoversSubresources(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	for _, sub := range []string{"status", "finalize"} {
		t.Run(sub, func(t *testing.T) {
			r := req{old: namespace("shop", "profile", "restricted"), obj: namespace("shop", "profile", "baseline"), subresource: sub, user: alice}
			check(t, f.decide(t, r), want{Deny: guardDenied("shop", "groups system:masters", "pod-security.vapgen.io/profile")})
		})
	}
}

// TestLabelGuardSortsUnknownLabels: labels under the prefix that name no
// rule are listed after the known ones, sorted without CEL's sort() (which
// API servers before 1.35 refuse), the ninth and later as a count.
func TestLabelGuardSortsUnknownLabels(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	kv := []string{"profile", "restricted"}
	for _, k := range []string{"k", "c", "j", "a", "e", "i", "b", "g", "d", "h", "f"} {
		kv = append(kv, "zz-"+k, "exclude")
	}
	r := req{old: namespace("shop"), obj: namespace("shop", kv...), user: alice}
	const changed = "pod-security.vapgen.io/profile, pod-security.vapgen.io/zz-a, pod-security.vapgen.io/zz-b, pod-security.vapgen.io/zz-c, " +
		"pod-security.vapgen.io/zz-d, pod-security.vapgen.io/zz-e, pod-security.vapgen.io/zz-f, pod-security.vapgen.io/zz-g, pod-security.vapgen.io/zz-h, (and 3 more)"
	for i := 0; i < 10; i++ {
		check(t, f.decide(t, r), want{Deny: guardDenied("shop", "groups system:masters", changed)})
	}
}
