// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// shop: a compliant Deployment with two pods (through a ReplicaSet), a
// Deployment whose pods run a plain container, and a bare plain pod.
func shop() *Clients {
	good := deployment("shop", "good", restrictedSpec())
	goodRS := replicaSet(good, "abc")
	web := deployment("shop", "web", plainSpec())
	webRS := replicaSet(web, "def")
	return cluster(namespace("shop"), namespace("other", "profile", "baseline"),
		good, goodRS, pod("shop", "good-abc-1", restrictedSpec(), goodRS, "ReplicaSet"), pod("shop", "good-abc-2", restrictedSpec(), goodRS, "ReplicaSet"),
		web, webRS, pod("shop", "web-def-1", plainSpec(), webRS, "ReplicaSet"),
		pod("shop", "debug", plainSpec(), nil, ""),
		pod("other", "priv", privilegedSpec(), nil, ""))
}

func summary(res *Result) string {
	var b strings.Builder
	for _, r := range res.Resources {
		fmt.Fprintf(&b, "%s %s/%s pods=%d denied=%v\n", r.Ref.Namespace, r.Ref.Kind, r.Ref.Name, r.Pods, r.Denied)
	}
	return b.String()
}

// TestAuditAsLabelled: an unlabelled namespace admits everything; pods are
// reported once, at their Deployment; ReplicaSets are not reported.
func TestAuditAsLabelled(t *testing.T) {
	for _, layout := range layouts {
		t.Run(layout, func(t *testing.T) {
			res := audit(t, shop(), layout, Scope{}, nil)
			want := ` Namespace/other pods=0 denied=false
 Namespace/shop pods=0 denied=false
other Pod/priv pods=0 denied=true
shop Deployment/good pods=2 denied=false
shop Deployment/web pods=1 denied=false
shop Pod/debug pods=0 denied=false
`
			if got := summary(res); got != want {
				t.Errorf("resources:\n%s\nwant:\n%s", got, want)
			}
			if res.Judged != 2+2+4+1 || res.Pods != 5 {
				t.Errorf("judged %d objects, %d pods; want 9, 5", res.Judged, res.Pods)
			}
			other := res.Namespaces[0]
			if other.Name != "other" || other.Denied != 1 || strings.Join(other.OptOut, ",") != prefix+"/disallow-privileged-containers" {
				t.Errorf("other: %+v", other)
			}
		})
	}
}

// TestAuditAsRestricted: as if shop were labelled restricted, web (through
// its pod and its template) and debug are denied, and the opt-out set lifts
// exactly their four rules; relabelled with it, nothing is denied.
func TestAuditAsRestricted(t *testing.T) {
	for _, layout := range layouts {
		t.Run(layout, func(t *testing.T) {
			res := audit(t, shop(), layout, Scope{Names: []string{"shop"}}, WithProfile(prefix, "restricted"))
			want := ` Namespace/shop pods=0 denied=false
shop Deployment/good pods=2 denied=false
shop Deployment/web pods=1 denied=true
shop Pod/debug pods=0 denied=true
`
			if got := summary(res); got != want {
				t.Errorf("resources:\n%s\nwant:\n%s", got, want)
			}
			s := res.Namespaces[0]
			wantOptOut := []string{prefix + "/disallow-privilege-escalation", prefix + "/require-run-as-non-root",
				prefix + "/require-seccomp-profile", prefix + "/restrict-capabilities-drop-all-add-only-net-bind-service"}
			if !s.Simulated || s.Denied != 2 || strings.Join(s.OptOut, " ") != strings.Join(wantOptOut, " ") || len(s.Unliftable) != 0 {
				t.Errorf("summary: %+v", s)
			}
			if s.DeniedByRule["require-run-as-non-root"] != 2 {
				t.Errorf("denied by rule: %v", s.DeniedByRule)
			}
			labels := map[string]string{prefix + "/profile": "restricted"}
			for _, k := range s.OptOut {
				labels[k] = "exclude"
			}
			again := audit(t, shop(), layout, Scope{Names: []string{"shop"}}, WithLabels(labels))
			if n := again.Denied(); n != 0 {
				t.Errorf("with the opt-out labels, %d resources are still denied:\n%s", n, summary(again))
			}
		})
	}
}

// TestAuditViewsAreExact: judging with the evaluator's view of each
// namespace gives the same result as with the full evaluator.
func TestAuditViewsAreExact(t *testing.T) {
	for _, layout := range layouts {
		ev, rules := shipped(t, layout)
		for _, relabel := range []Relabel{nil, WithProfile(prefix, "restricted"), WithProfile(prefix, "baseline")} {
			var got [2]*Result
			for i, direct := range []bool{false, true} {
				res, err := Audit(context.Background(), Options{Clients: shop(), Evaluator: ev, Rules: rules, Relabel: relabel, direct: direct})
				if err != nil {
					t.Fatal(err)
				}
				res.Elapsed = 0
				got[i] = res
			}
			if diff := cmp.Diff(got[0], got[1], cmp.AllowUnexported(Resource{}, Row{})); diff != "" {
				t.Errorf("%s: views and full evaluator differ (-views +full):\n%s", layout, diff)
			}
		}
	}
}

// TestAuditCountsPodsOnce: a pod that several bindings judge (enforce and
// warn, of one policy or of a rule's copies for each mode) counts once in
// each of its workload's rows.
func TestAuditCountsPodsOnce(t *testing.T) {
	web := deployment("shop", "web", plainSpec())
	rs := replicaSet(web, "abc")
	c := cluster(namespace("shop", "profile", "restricted", "warn", "restricted"), web, rs,
		pod("shop", "web-abc-1", plainSpec(), rs, "ReplicaSet"), pod("shop", "web-abc-2", plainSpec(), rs, "ReplicaSet"))
	for _, layout := range layouts {
		res := audit(t, c, layout, Scope{}, nil)
		for _, r := range res.Resources {
			bindings := map[string][]string{}
			for _, row := range r.Rows {
				if row.Pods == 0 {
					continue
				}
				if row.Pods != 2 {
					t.Errorf("%s: %s %s/%s: %d pods, want 2", layout, r.Ref.Name, row.Policy, row.Rule, row.Pods)
				}
				bindings[row.Rule] = append(bindings[row.Rule], row.Bindings...)
			}
			for rule, b := range bindings {
				if len(b) != 2 {
					t.Errorf("%s: %s %s: bindings %v; want enforce and warn", layout, r.Ref.Name, rule, b)
				}
			}
		}
	}
}
