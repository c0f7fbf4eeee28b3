// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"path/filepath"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/testkit"
)

// Kyverno PolicyExceptions (README "PolicyExceptions"): the exceptions in
// testdata/exceptions lift exactly the requests Kyverno would let through,
// for exactly the rules they name, and nothing else.

var withExceptions = newVariant(func(o *generator.Options) {
	o.Policies = append(o.Policies, filepath.Join(root, "proof", "testdata", "exceptions"))
})

const (
	privPolicy   = "disallow-privileged-containers"
	hostPathRule = "disallow-host-path-volumes"
)

func privilegedPodDenied(name string) string {
	return forbidden("pods", name, privPolicy, privPolicy, privilegedMsg)
}

func privilegedDeploymentDenied(name string) string {
	return forbidden("deployments.apps", name, privPolicy+"-workloads", privPolicy+"-workloads", "pod template (spec.template): "+privilegedMsg)
}

// TestExceptionByNameAndNamespace: debug-tools lifts the pod rule for pods
// named debug-* in tools, not for other pods, namespaces or Deployments
// (it does not name autogen-privileged-containers).
func TestExceptionByNameAndNamespace(t *testing.T) {
	t.Parallel()
	f := withExceptions.get(t)
	tools := namespace("tools", "profile", "baseline")
	shop := namespace("shop", "profile", "baseline")
	check(t, f.decide(t, req{obj: basePod("debug-1", privileged), ns: tools}), want{})
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: tools}), want{Deny: privilegedPodDenied("web")})
	check(t, f.decide(t, req{obj: basePod("debug-1", privileged), ns: shop}), want{Deny: privilegedPodDenied("debug-1")})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("debug-1", privileged)), ns: tools}), want{Deny: privilegedDeploymentDenied("debug-1")})
	// kubectl debug on an excepted pod: Kyverno's Pod kind covers
	// pods/ephemeralcontainers.
	debugged := debug(basePod("debug-1"), &corev1.SecurityContext{Privileged: ptr(true)})
	check(t, f.decide(t, req{old: basePod("debug-1"), obj: debugged, ns: tools, subresource: "ephemeralcontainers"}), want{})
}

// TestExceptionBySubject: ci-deployments lifts the Deployment rule
// (autogen-privileged-containers) for the ci deployer only; its pods are
// still judged.
func TestExceptionBySubject(t *testing.T) {
	t.Parallel()
	f := withExceptions.get(t)
	ns := namespace("shop", "profile", "baseline")
	ci := &user.DefaultInfo{Name: "system:serviceaccount:ci:deployer", Groups: []string{"system:serviceaccounts", user.AllAuthenticated}}
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("web", privileged)), ns: ns, user: ci}), want{})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("web", privileged)), ns: ns, user: alice}), want{Deny: privilegedDeploymentDenied("web")})
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: ns, user: ci}), want{Deny: privilegedPodDenied("web")})
	check(t, f.decide(t, req{obj: wrap("StatefulSet", basePod("web", privileged)), ns: ns, user: ci}),
		want{Deny: forbidden("statefulsets.apps", "web", privPolicy+"-workloads", privPolicy+"-workloads", "pod template (spec.template): "+privilegedMsg)})
}

// TestExceptionBySelector: network-team lifts every rule of
// disallow-host-namespaces (ruleNames "*": the pod rule and its autogen
// rules) for objects labelled team=net-?, read from the object itself: a
// Deployment's own labels, not its template's.
func TestExceptionBySelector(t *testing.T) {
	t.Parallel()
	f := withExceptions.get(t)
	ns := namespace("shop", "profile", "baseline")
	netPod := basePod("router", hostNetwork)
	netPod.Labels["team"] = "net-a"
	check(t, f.decide(t, req{obj: netPod, ns: ns}), want{})
	other := basePod("router", hostNetwork)
	other.Labels["team"] = "net-ab"
	check(t, f.decide(t, req{obj: other, ns: ns}), want{Deny: forbidden("pods", "router", hostNS, hostNS, hostNSMsg)})
	for _, kind := range []string{"Deployment", "CronJob"} {
		labelled := wrap(kind, basePod("router", hostNetwork))
		labelled.SetLabels(map[string]string{"team": "net-b"})
		check(t, f.decide(t, req{obj: labelled, ns: ns}), want{})
	}
	templateOnly := basePod("router", hostNetwork)
	templateOnly.Labels["team"] = "net-a"
	d := f.decide(t, req{obj: wrap("Deployment", templateOnly), ns: ns})
	if d.Allowed {
		t.Errorf("a Deployment whose template alone carries team=net-a was admitted")
	}
}

// TestExceptionByNamespaceLabels: labs lifts disallow-host-path, and the
// overlay's copy of it, in namespaces labelled lab=true.
func TestExceptionByNamespaceLabels(t *testing.T) {
	t.Parallel()
	f := withExceptions.get(t)
	pod := basePod("web", volume(hostPath("data", "/data"), false))
	check(t, f.decide(t, req{obj: pod, ns: namespace("lab-1", "profile", "baseline", "example.com/lab", "true")}), want{})
	check(t, f.decide(t, req{obj: wrap("Job", pod), ns: namespace("lab-1", "profile", "baseline", "example.com/lab", "true")}), want{})
	check(t, f.decide(t, req{obj: pod, ns: namespace("lab-2", "profile", "baseline", "example.com/lab", "false")}),
		want{Deny: forbidden("pods", "web", hostPathRule, hostPathRule, hostPathMsg("data"))})
	check(t, f.decide(t, req{obj: pod, ns: namespace("mw-api", "profile", "baseline", "example.com/lab", "true")}), want{})
}

// TestCELExceptionValidating: legacy-deployments lifts require-team-label
// where both of its matchConditions hold.
func TestCELExceptionValidating(t *testing.T) {
	t.Parallel()
	f := withExceptions.get(t)
	shop := namespace("shop", "profile", "baseline", "example.com/team-required", "true")
	teamDenied := func(name string) string {
		return `deployments.apps "` + name + `" is forbidden: ValidatingAdmissionPolicy 'require-team-label' with binding 'require-team-label' denied request: a Deployment needs a team label (opt out: namespace label pod-security.vapgen.io/require-team-label=exclude)`
	}
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("legacy-app")), ns: shop}), want{})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("app")), ns: shop}), want{Deny: teamDenied("app")})
	check(t, f.decide(t, req{obj: wrap("Deployment", basePod("legacy-app")), ns: namespace("web", "profile", "baseline", "example.com/team-required", "true")}), want{Deny: teamDenied("legacy-app")})
}

// TestCELExceptionMutating: own-seccomp keeps default-seccomp-profile off
// the pods it matches; the other defaults still apply.
func TestCELExceptionMutating(t *testing.T) {
	t.Parallel()
	f := withExceptions.get(t)
	res, err := testkit.Generate(f.opts, false)
	if err != nil {
		t.Fatal(err)
	}
	eval, err := testkit.EvaluatorOf(res, evaluator.WithStoredObject())
	if err != nil {
		t.Fatal(err)
	}
	stored := &fixture{opts: f.opts, units: res.Units, eval: eval}
	ns := namespace("shop", "profile", "baseline", "mutate", "restricted")
	mutatedBy := func(d evaluator.Decision) map[string]bool {
		out := map[string]bool{}
		for _, m := range d.Mutations {
			out[m.Policy] = true
		}
		return out
	}
	own := basePod("web")
	own.Annotations = map[string]string{"example.com/own-seccomp": "yes"}
	if got := mutatedBy(stored.decide(t, req{obj: own, ns: ns})); got[seccompDefault] || !got[apeDefault] {
		t.Errorf("excepted pod: mutated by %v, want %s but not %s", got, apeDefault, seccompDefault)
	}
	if got := mutatedBy(stored.decide(t, req{obj: basePod("web"), ns: ns})); !got[seccompDefault] {
		t.Errorf("other pod: mutated by %v, want %s too", got, seccompDefault)
	}
}

var withExceptionsPerProfile = newVariant(func(o *generator.Options) {
	o.Policies = append(o.Policies, filepath.Join(root, "proof", "testdata", "exceptions"))
	o.Layout = generator.PerProfile
})

// TestExceptionsLayoutsAgree: the per-profile layout keeps every
// exception: it decides the requests the exceptions are about as the
// per-rule layout does.
func TestExceptionsLayoutsAgree(t *testing.T) {
	t.Parallel()
	perRule, merged := withExceptions.get(t), withExceptionsPerProfile.get(t)
	ci := &user.DefaultInfo{Name: "system:serviceaccount:ci:deployer", Groups: []string{user.AllAuthenticated}}
	namespaces := []*corev1.Namespace{
		namespace("tools", "profile", "restricted"), namespace("shop", "profile", "baseline", "example.com/team-required", "true"),
		namespace("lab-1", "profile", "restricted", "example.com/lab", "true"), namespace("mw-api", "profile", "baseline", "example.com/lab", "true"),
	}
	var pods []*corev1.Pod
	for _, name := range []string{"debug-1", "legacy-app", "web"} {
		for _, mod := range []func(*corev1.Pod){privileged, hostNetwork, volume(hostPath("data", "/data"), false), func(*corev1.Pod) {}} {
			p := basePod(name, mod)
			pods = append(pods, p)
			labelled := p.DeepCopy()
			labelled.Labels["team"] = "net-a"
			pods = append(pods, labelled)
		}
	}
	var reqs []req
	for _, ns := range namespaces {
		for _, p := range pods {
			for _, u := range []user.Info{alice, ci} {
				for _, obj := range []object{p, wrap("Deployment", p), wrap("CronJob", p)} {
					reqs = append(reqs, req{obj: obj, ns: ns, user: u})
				}
			}
		}
	}
	var mu sync.Mutex
	admitted, total := 0, len(reqs)
	parallel(len(reqs), func(i int) {
		r := reqs[i]
		a, b := perRule.decide(t, r), merged.decide(t, r)
		diff := compareLayouts(a, b)
		mu.Lock()
		defer mu.Unlock()
		if diff != "" {
			t.Errorf("%s %s in %s as %s: %s", r.obj.GetObjectKind().GroupVersionKind().Kind, r.obj.GetName(), r.ns.Name, r.user.GetName(), diff)
		}
		if a.Allowed {
			admitted++
		}
	})
	if admitted == 0 || admitted == total {
		t.Errorf("%d of %d requests admitted: the corpus does not exercise the exceptions", admitted, total)
	}
	t.Logf("%d requests, %d admitted, the layouts agree on all", total, admitted)
}
