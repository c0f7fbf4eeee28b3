// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/internal/config"
	"github.com/vapgen/vapgen/internal/testkit"
)

// The secure defaults (policies/mutate, README "Secure by default"): in a
// namespace labelled mutate: restricted, the API server sets what the
// restricted profile needs where a pod leaves it unset, before the
// validating policies judge the pod. TestMutationDifferential (policies/)
// proves it on random pods against PSA; these are the cases by name.

var storedEval = sync.OnceValues(func() (*fixture, error) {
	opts, err := testkit.Options(filepath.Join(root, config.DefaultFile))
	if err != nil {
		return nil, err
	}
	res, err := testkit.Generate(opts, false)
	if err != nil {
		return nil, err
	}
	eval, err := testkit.EvaluatorOf(res, evaluator.WithStoredObject())
	if err != nil {
		return nil, err
	}
	return &fixture{opts: opts, units: res.Units, eval: eval}, nil
})

const (
	apeDefault     = "default-allow-privilege-escalation"
	dropDefault    = "default-drop-all-capabilities"
	nonRootDefault = "default-run-as-non-root"
	seccompDefault = "default-seccomp-profile"
)

func noAPE(p *corev1.Pod)     { p.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = nil }
func noDrop(p *corev1.Pod)    { p.Spec.Containers[0].SecurityContext.Capabilities.Drop = nil }
func noSeccomp(p *corev1.Pod) { p.Spec.SecurityContext.SeccompProfile = nil }
func windows(p *corev1.Pod)   { p.Spec.OS = &corev1.PodOS{Name: corev1.Windows} }

func TestSecureDefaults(t *testing.T) {
	t.Parallel()
	f, err := storedEval()
	if err != nil {
		t.Fatal(err)
	}
	mutate := func(name string, kv ...string) *corev1.Namespace {
		return namespace(name, append([]string{"profile", "restricted", "mutate", "restricted"}, kv...)...)
	}
	for _, tc := range []struct {
		name string
		pod  *corev1.Pod
		ns   *corev1.Namespace
		// by are the policies that change the pod; admitted the verdict.
		by       []string
		admitted bool
	}{
		{"bare pod", basePod("web"), mutate("apps"), []string{apeDefault, dropDefault, nonRootDefault, seccompDefault}, true},
		{"restricted pod: nothing to do", restrictedPod("web"), mutate("apps"), nil, true},
		{"only allowPrivilegeEscalation unset", restrictedPod("web", noAPE), mutate("apps"), []string{apeDefault}, true},
		{"only capabilities.drop unset", restrictedPod("web", noDrop), mutate("apps"), []string{dropDefault}, true},
		{"only runAsNonRoot unset", restrictedPod("web", noRunAsNonRoot), mutate("apps"), []string{nonRootDefault}, true},
		{"only seccompProfile unset", restrictedPod("web", noSeccomp), mutate("apps"), []string{seccompDefault}, true},
		{"allowPrivilegeEscalation true is the user's: kept, denied", restrictedPod("web", func(p *corev1.Pod) {
			p.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = ptr(true)
		}), mutate("apps"), nil, false},
		{"runAsUser 0 is the user's: no runAsNonRoot added, denied", restrictedPod("web", noRunAsNonRoot, func(p *corev1.Pod) {
			p.Spec.Containers[0].SecurityContext.RunAsUser = ptr(int64(0))
		}), mutate("apps"), nil, false},
		{"overlay capability kept: SYS_PTRACE added, drop ALL set", restrictedPod("web", noDrop, addCaps("SYS_PTRACE")), mutate("mw-api"), []string{dropDefault}, true},
		{"opt-out label lifts one default", restrictedPod("web", noRunAsNonRoot), mutate("apps", nonRootDefault, "exclude"), nil, false},
		{"no mutate label", basePod("web"), namespace("apps", "profile", "restricted"), nil, false},
		{"mutate: baseline brings no restricted default", basePod("web"), namespace("apps", "profile", "restricted", "mutate", "baseline"), nil, false},
		{"exempt namespace", basePod("web"), mutate("kube-system"), nil, true},
		{"privileged container: no allowPrivilegeEscalation false (the API server refuses both)", basePod("web", privileged), mutate("apps", "profile", "privileged"),
			[]string{dropDefault, nonRootDefault, seccompDefault}, true},
		{"windows pod: only runAsNonRoot (the rest is Linux-only)", basePod("web", windows), mutate("apps", "profile", "baseline"), []string{nonRootDefault}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := f.decide(t, req{obj: tc.pod, ns: tc.ns, user: alice})
			if d.Allowed != tc.admitted {
				t.Errorf("admitted %v, want %v: %s", d.Allowed, tc.admitted, d.Message)
			}
			if got := mutatedBy(d); !slices.Equal(got, tc.by) {
				t.Errorf("mutated by %q, want %q", got, tc.by)
			}
			if d.Object == nil {
				t.Fatal("no stored object")
			}
			stored := &corev1.Pod{}
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(d.Object.Object, stored); err != nil {
				t.Fatal(err)
			}
			if len(tc.by) > 0 && tc.admitted && tc.ns.Labels["pod-security.vapgen.io/profile"] == "restricted" && tc.ns.Name != "mw-api" {
				if v := psa(t, api.LevelRestricted, stored); !v.Allowed {
					t.Errorf("PSA restricted denies the stored pod: %s", v)
				}
			}
			if tc.ns.Name == "mw-api" && !slices.Equal(stored.Spec.Containers[0].SecurityContext.Capabilities.Add, []corev1.Capability{"SYS_PTRACE"}) {
				t.Errorf("capabilities.add %v, want [SYS_PTRACE] kept", stored.Spec.Containers[0].SecurityContext.Capabilities.Add)
			}
		})
	}
}

// TestSecureDefaultsEphemeral: a container kubectl debug adds gets the
// defaults; the ephemeral containers already in the pod are not touched
// (the API server refuses changes to them).
func TestSecureDefaultsEphemeral(t *testing.T) {
	t.Parallel()
	f, err := storedEval()
	if err != nil {
		t.Fatal(err)
	}
	want := []evaluator.Mutation{
		{Policy: apeDefault, Index: 2, Fields: []string{"spec.ephemeralContainers[name=debugger].securityContext"}},
		{Policy: dropDefault, Index: 2, Fields: []string{"spec.ephemeralContainers[name=debugger].securityContext.capabilities"}},
	}
	for _, tc := range []struct {
		profile string
		earlier *corev1.SecurityContext // of the ephemeral container the pod has
	}{
		{"restricted", restrictedSC()},
		{"baseline", nil},
	} {
		ns := namespace("apps", "profile", tc.profile, "mutate", "restricted")
		running := debug(restrictedPod("web"), tc.earlier)
		running.Spec.EphemeralContainers[0].Name = "earlier"
		d := f.decide(t, req{obj: debug(running, nil), old: running, ns: ns, subresource: "ephemeralcontainers", user: alice})
		if !d.Allowed {
			t.Fatalf("%s: denied: %s", tc.profile, d.Message)
		}
		if !slices.EqualFunc(d.Mutations, want, func(a, b evaluator.Mutation) bool {
			return a.Policy == b.Policy && a.Index == b.Index && slices.Equal(a.Fields, b.Fields)
		}) {
			t.Errorf("%s: mutations\n got %+v\nwant %+v", tc.profile, d.Mutations, want)
		}
	}
}

// mutatedBy lists the policies that changed the object, in order.
func mutatedBy(d evaluator.Decision) []string {
	var out []string
	for _, m := range d.Mutations {
		if !slices.Contains(out, m.Policy) {
			out = append(out, m.Policy)
		}
	}
	return out
}
