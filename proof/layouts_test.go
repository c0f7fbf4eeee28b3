// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// The per-profile layout (README "Layouts") decides every request like the
// per-rule layout that all other proofs check: same verdict, same code, and
// its messages and warnings name the same rules with the same text, in every
// kind of namespace (profiles, modes, opt-outs, exemptions, overlays) and on
// every path (pods, every workload kind, updates, ephemeral containers).

var perProfile = newVariant(func(o *generator.Options) { o.Layout = generator.PerProfile })

// layoutNamespaces label namespaces in every way the layouts read.
var layoutNamespaces = []*corev1.Namespace{
	namespace("plain"),
	namespace("shop", "profile", "baseline"),
	namespace("shop", "profile", "restricted"),
	namespace("shop", "warn", "restricted"),
	namespace("shop", "profile", "baseline", "warn", "restricted", "audit", "restricted"),
	namespace("shop", "profile", "restricted", "disallow-privilege-escalation", "exclude",
		"require-run-as-non-root", "exclude", "restrict-capabilities-drop-all-add-only-net-bind-service", "exclude"),
	namespace("shop", "profile", "baseline", "disallow-host-namespaces", "exclude", "disallow-privileged-containers", "exclude"),
	namespace("shop", "profile", "restrictd", "warn", "Baseline", "disallow-privileged-containers", "exclude"),
	namespace("kube-system", "profile", "restricted"),
	namespace("mw-api", "profile", "restricted"),
	namespace("mw-web", "profile", "baseline", "warn", "restricted"),
}

func TestLayoutsAgree(t *testing.T) {
	t.Parallel()
	perRule, merged := repo.get(t), perProfile.get(t)
	var reqs []req
	add := func(i int, p *corev1.Pod) {
		for _, ns := range layoutNamespaces {
			reqs = append(reqs, req{obj: p, ns: ns})
			kind := psstest.WorkloadKinds[i%len(psstest.WorkloadKinds)]
			reqs = append(reqs, req{obj: wrap(kind, p), ns: ns})
			switch i % 4 {
			case 1:
				reqs = append(reqs, req{old: p, obj: relabelled(p), ns: ns})
			case 2:
				reqs = append(reqs, req{old: p, obj: withImage(p, "registry.example/app:2"), ns: ns})
			case 3:
				sc := psstest.NewPodGenerator(int64(i)).Pod().Spec.Containers[0].SecurityContext
				reqs = append(reqs, req{old: p, obj: debug(p, sc), subresource: "ephemeralcontainers", ns: ns})
			}
		}
	}
	special := []*corev1.Pod{
		restrictedPod("web"), basePod("web"), basePod("web", privileged), restrictedPod("web", addCaps("SYS_PTRACE")),
		restrictedPod("web", addCaps("NET_ADMIN")), restrictedPod("web", volume(hostPath("geoip", "/usr/share/GeoIP"), true), sidecar(true)),
		restrictedPod("web", volume(hostPath("geoip", "/usr/share/GeoIP"), false)), restrictedPod("web", noRunAsNonRoot),
	}
	for i, p := range special {
		add(i, p)
	}
	g := psstest.NewPodGenerator(7)
	for i := 0; i < 120; i++ {
		p := g.Pod()
		if len(p.Spec.Containers) > 0 {
			p.Spec.Containers[0].Name = "app"
		}
		add(i, p)
	}

	var mu sync.Mutex
	var problems []string
	denied := 0
	parallel(len(reqs), func(i int) {
		r := reqs[i]
		a, b := perRule.decide(t, r), merged.decide(t, r)
		diff := compareLayouts(a, b)
		mu.Lock()
		defer mu.Unlock()
		if !a.Allowed {
			denied++
		}
		if diff != "" && len(problems) < 5 {
			problems = append(problems, fmt.Sprintf("%s %s in %v (old: %v, subresource %q): %s",
				r.obj.GetObjectKind().GroupVersionKind().Kind, r.obj.GetName(), r.ns.Labels, r.old != nil, r.subresource, diff))
		}
	})
	for _, p := range problems {
		t.Error(p)
	}
	if denied < len(reqs)/5 {
		t.Errorf("only %d of %d requests denied: the corpus does not exercise the policies", denied, len(reqs))
	}
	t.Logf("%d requests, %d denied, the layouts agree on all", len(reqs), denied)
}

func relabelled(p *corev1.Pod) *corev1.Pod {
	p = p.DeepCopy()
	if p.Labels == nil {
		p.Labels = map[string]string{}
	}
	p.Labels["version"] = "2"
	return p
}

func withImage(p *corev1.Pod, img string) *corev1.Pod {
	p = p.DeepCopy()
	p.Spec.Containers[0].Image = img
	return p
}

var (
	denialRE  = regexp.MustCompile(`^(.*)ValidatingAdmissionPolicy '([^']*)' with binding '[^']*' denied request: (.*)$`)
	warningRE = regexp.MustCompile(`^Validation failed for ValidatingAdmissionPolicy '([^']*)' with binding '[^']*': (.*)$`)
	tagRE     = regexp.MustCompile(`^\[([^\]]+)\] (.*)$`)
)

// compareLayouts returns how a per-profile decision differs from the
// per-rule one, or "".
func compareLayouts(perRule, perProfile evaluator.Decision) string {
	if perRule.Allowed != perProfile.Allowed || perRule.Code != perProfile.Code || perRule.Reason != perProfile.Reason {
		return fmt.Sprintf("per-rule: allowed=%v %d %s %q; per-profile: allowed=%v %d %s %q", perRule.Allowed, perRule.Code, perRule.Reason, perRule.Message,
			perProfile.Allowed, perProfile.Code, perProfile.Reason, perProfile.Message)
	}
	if !perRule.Allowed {
		m := denialRE.FindStringSubmatch(perProfile.Message)
		if m == nil {
			return "per-profile message not from a policy: " + perProfile.Message
		}
		tagged := tagRE.FindStringSubmatch(m[3])
		if tagged == nil {
			return "per-profile message names no rule: " + perProfile.Message
		}
		// The per-profile denial names one of the rules that deny in the
		// per-rule layout, with that rule's message, about the same object.
		if prefix := denialRE.FindStringSubmatch(perRule.Message); prefix == nil || prefix[1] != m[1] {
			return fmt.Sprintf("message\n  per-rule:    %s\n  per-profile: %s", perRule.Message, perProfile.Message)
		}
		found := false
		for _, r := range perRule.Results {
			if r.Policy == tagged[1] && r.Outcome == evaluator.OutcomeFail && slices.Contains(r.Actions, "Deny") {
				found = true
				if r.Message != tagged[2] {
					return fmt.Sprintf("message of %s\n  per-rule:    %s\n  per-profile: %s", r.Policy, r.Message, tagged[2])
				}
			}
		}
		if !found {
			return fmt.Sprintf("per-profile denial names %s, which does not deny in the per-rule layout (%q)", tagged[1], perRule.Message)
		}
	}
	a, b := ruleWarnings(perRule.Warnings, false), ruleWarnings(perProfile.Warnings, true)
	if !slices.Equal(a, b) {
		return fmt.Sprintf("warnings\n  per-rule:    %q\n  per-profile: %q", a, b)
	}
	_, auditA := perRule.AuditAnnotations[failureAnnotation]
	_, auditB := perProfile.AuditAnnotations[failureAnnotation]
	if auditA != auditB {
		return fmt.Sprintf("audited: per-rule %v, per-profile %v", auditA, auditB)
	}
	return ""
}

// ruleWarnings normalizes warnings to "rule: message", sorted; tagged reads
// the rule from the message's [rule] tag.
func ruleWarnings(warnings []string, tagged bool) []string {
	var out []string
	for _, w := range warnings {
		m := warningRE.FindStringSubmatch(w)
		switch {
		case m == nil:
			out = append(out, w)
		case tagged:
			if t := tagRE.FindStringSubmatch(m[2]); t != nil {
				out = append(out, t[1]+": "+t[2])
			} else {
				out = append(out, "untagged: "+w)
			}
		default:
			out = append(out, m[1]+": "+m[2])
		}
	}
	sort.Strings(out)
	return out
}
