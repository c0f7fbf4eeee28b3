// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"fmt"
	"strings"
	"testing"

	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/generator"
)

// The label guard refuses `<prefix>/` label values that mean nothing, from
// every requester, as PSA refuses invalid values of its labels (README
// "Label guard"): a typo must never switch enforcement off.

const (
	levels      = "must be one of privileged, baseline, restricted"
	versions    = "must be one of latest, v1.30, v1.31, v1.32, v1.33, v1.34, v1.35, v1.36, v1.37"
	noSuchLabel = "Unsupported label: names no generated rule (the labels are profile, warn, audit, profile-version, warn-version, audit-version, mutate, or a rule's name with the value exclude)"
	prefixed    = generator.DefaultLabelPrefix + "/"
)

// invalidLabels is the guard's message for labels with invalid values, each
// item "<label>: <problem>".
func invalidLabels(ns string, items ...string) string {
	return forbidden("namespaces", ns, generator.GuardName, generator.GuardName, "invalid "+prefixed+"* labels: "+strings.Join(items, "; "))
}

// invalidValue is one item of invalidLabels.
func invalidValue(key, value, allowed string) string {
	return prefixed + key + `: Invalid value: "` + value + `": ` + allowed
}

type valueCase struct {
	name     string
	old, new []string // labels; old nil: the namespace is created
	deny     []string // the items of the message, nil: admitted
}

var valueCases = []valueCase{
	{"profile typo", nil, []string{"profile", "restrictd"}, []string{invalidValue("profile", "restrictd", levels)}},
	{"profile capitalised", []string{"profile", "baseline"}, []string{"profile", "Restricted"}, []string{invalidValue("profile", "Restricted", levels)}},
	{"warn typo", nil, []string{"profile", "baseline", "warn", "strict"}, []string{invalidValue("warn", "strict", levels)}},
	{"audit empty", nil, []string{"audit", ""}, []string{invalidValue("audit", "", levels)}},
	{"version older than implemented", nil, []string{"profile", "baseline", "profile-version", "v1.29"}, []string{invalidValue("profile-version", "v1.29", versions)}},
	{"version newer than implemented", nil, []string{"profile", "baseline", "warn-version", "v1.38"}, []string{invalidValue("warn-version", "v1.38", versions)}},
	{"version without v", nil, []string{"audit-version", "1.35"}, []string{invalidValue("audit-version", "1.35", versions)}},
	{"opt-out not exclude", nil, []string{"profile", "restricted", "disallow-host-ports", "true"}, []string{invalidValue("disallow-host-ports", "true", "must be exclude")}},
	{"opt-out of no rule", nil, []string{"profile", "restricted", "disalow-host-ports", "exclude"}, []string{prefixed + "disalow-host-ports: " + noSuchLabel}},
	{"opt-out of a pod-template policy", nil, []string{"disallow-host-ports-workloads", "exclude"}, []string{prefixed + "disallow-host-ports-workloads: " + noSuchLabel}},
	{"several, sorted by label", []string{"profile", "baseline"}, []string{"warn", "x", "profile", "restrictd", "zz", "exclude", "audit-version", "v2"}, []string{
		invalidValue("audit-version", "v2", versions), invalidValue("profile", "restrictd", levels), invalidValue("warn", "x", levels), prefixed + "zz: " + noSuchLabel}},
	{"every valid value", nil, []string{"profile", "privileged", "profile-version", "latest", "warn", "restricted", "warn-version", "v1.30", "audit", "baseline", "audit-version", "v1.37", "mutate", "restricted", "disallow-host-ports", "exclude"}, nil},
	// A value set before the guard existed stays, as PSA lets it: the
	// namespace can still be updated, and so finalized and deleted.
	{"invalid value kept", []string{"profile", "restrictd", "zz", "x"}, []string{"profile", "restrictd", "zz", "x", "example.com/team", "shop"}, nil},
	{"invalid value removed", []string{"profile", "restrictd"}, []string{"profile", "restricted"}, nil},
	{"invalid value changed", []string{"profile", "restrictd"}, []string{"profile", "restricte"}, []string{invalidValue("profile", "restricte", levels)}},
	{"mutate typo", nil, []string{"profile", "restricted", "mutate", "restrictd"}, []string{invalidValue("mutate", "restrictd", "must be one of baseline, restricted")}},
	{"mutate privileged means nothing", nil, []string{"mutate", "privileged"}, []string{invalidValue("mutate", "privileged", "must be one of baseline, restricted")}},
	{"opt-out of a default", nil, []string{"mutate", "restricted", "default-run-as-non-root", "exclude"}, nil},
	{"opt-out of a default not exclude", nil, []string{"default-run-as-non-root", "no"}, []string{invalidValue("default-run-as-non-root", "no", "must be exclude")}},
}

func (c valueCase) request(u user.Info, subresource string) req {
	r := req{obj: namespace("shop", c.new...), user: u, subresource: subresource}
	if c.old != nil {
		r.old = namespace("shop", c.old...)
	}
	return r
}

// TestLabelGuardValues: everyone who may change the labels gets the exact
// message, through the subresources too.
func TestLabelGuardValues(t *testing.T) {
	t.Parallel()
	for _, layout := range []*variant{repo, perProfile} {
		f := layout.get(t)
		for _, c := range valueCases {
			t.Run(string(f.opts.Layout)+"/"+c.name, func(t *testing.T) {
				w := want{}
				if c.deny != nil {
					w.Deny = invalidLabels("shop", c.deny...)
				}
				check(t, f.decide(t, c.request(admin, "")), w)
				if c.old != nil {
					check(t, f.decide(t, c.request(admin, "status")), w)
					check(t, f.decide(t, c.request(admin, "finalize")), w)
				}
			})
		}
	}
}

// TestLabelGuardValuesOtherGroups: the configured groups get the same
// message; others are told first that they may not change the labels.
func TestLabelGuardValuesOtherGroups(t *testing.T) {
	t.Parallel()
	f := labelAdmins.get(t)
	c := valueCases[0]
	check(t, f.decide(t, c.request(teamAdmin, "")), want{Deny: invalidLabels("shop", c.deny...)})
	check(t, f.decide(t, c.request(alice, "")), want{Deny: guardDenied("shop", "groups system:masters, vapgen:label-admins", "pod-security.vapgen.io/profile")})
	// Labels set before the guard existed do not stop others' updates.
	kept := valueCases[12]
	check(t, f.decide(t, kept.request(alice, "")), want{})
}

// TestLabelGuardValuesBounded: many invalid labels are listed sorted, the
// ninth and later as a count, the same every time.
func TestLabelGuardValuesBounded(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	var kv, items []string
	for _, k := range []string{"k", "c", "j", "a", "e", "i", "b", "g", "d", "h", "f"} {
		kv = append(kv, "zz-"+k, "exclude")
	}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		items = append(items, prefixed+"zz-"+k+": "+noSuchLabel)
	}
	items = append(items, "(and 3 more)")
	r := req{obj: namespace("shop", kv...), user: admin}
	for i := 0; i < 10; i++ {
		check(t, f.decide(t, r), want{Deny: invalidLabels("shop", items...)})
	}
	// Past 64, which bounds the cost of sorting, only the count.
	kv = []string{"profile", "restricted"}
	for i := 0; i < 65; i++ {
		kv = append(kv, fmt.Sprintf("zz-%02d", i), "exclude")
	}
	r = req{obj: namespace("shop", kv...), user: admin}
	check(t, f.decide(t, r), want{Deny: invalidLabels("shop", "65 labels (too many to list)")})
	r.user = alice
	check(t, f.decide(t, r), want{Deny: guardDenied("shop", "groups system:masters", "pod-security.vapgen.io/profile, 65 labels (too many to list)")})
}

// requireProfile refuses namespaces without a profile label
// (requireProfileLabel: true); vapgen.yaml exempts kube-system.
var requireProfile = newVariant(func(o *generator.Options) { o.RequireProfileLabel = true })

// TestRequireProfileLabel: creating a namespace without the label, or
// removing it, is refused for everyone; namespaces that never had it may
// still be updated and finalized (so deleted), exempt ones created.
func TestRequireProfileLabel(t *testing.T) {
	t.Parallel()
	f := requireProfile.get(t)
	required := forbidden("namespaces", "shop", generator.GuardName, generator.GuardName,
		"every namespace needs a pod-security.vapgen.io/profile label, one of privileged, baseline, restricted (requireProfileLabel)")
	for _, c := range []struct {
		name     string
		old, new []string
		sub      string
		deny     bool
	}{
		{"create without", nil, []string{"example.com/team", "shop"}, "", true},
		{"create with warn only", nil, []string{"warn", "restricted"}, "", true},
		{"remove it", []string{"profile", "baseline"}, []string{"warn", "baseline"}, "", true},
		{"remove it through status", []string{"profile", "baseline"}, nil, "status", true},
		{"create privileged", nil, []string{"profile", "privileged"}, "", false},
		{"create restricted", nil, []string{"profile", "restricted"}, "", false},
		{"update one that never had it", []string{"example.com/team", "shop"}, []string{"example.com/team", "cart"}, "", false},
		{"finalize one that never had it", []string{}, []string{}, "finalize", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := valueCase{old: c.old, new: c.new}.request(admin, c.sub)
			w := want{}
			if c.deny {
				w.Deny = required
			}
			check(t, f.decide(t, r), w)
		})
	}
	check(t, f.decide(t, req{obj: namespace("kube-system"), user: admin}), want{})
	// The default settings require nothing.
	check(t, repo.get(t).decide(t, req{obj: namespace("shop"), user: admin}), want{})
}
