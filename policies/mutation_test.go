// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// TestMutationDifferential proves the secure defaults (policies/mutate) on
// random pods, at each version of -pss.versions, in a namespace labelled
// profile: restricted and mutate: restricted, where the API server mutates
// a pod before it validates it:
//
//   - the policies admit the mutated pod ⇔ PSA (restricted, that version)
//     admits the mutated pod;
//   - mutation is idempotent: the mutated pod, sent again, is not changed;
//   - a workload (every fourth pod, as the template of a Deployment,
//     CronJob, ... in turn), which is stored as written, is admitted ⇔ PSA
//     admits its pod once mutated: no false fail-fast for what the defaults
//     fix, no workload whose pods stay non-compliant;
//   - mutation never makes a pod worse: every PSA check, baseline and
//     restricted, that the original pod passes, the mutated pod passes, and
//     a pod the API server's validation accepts it still accepts mutated.
//
// A random pod that validation refuses (the API server mutates before it
// validates the object) must be refused on the way: mutated or not, it is
// never stored.
// -pss.n/10 pods per version (mutation costs the evaluator about ten times
// what validation does: the API server's mutating plugin converts the pod
// for every policy and merges apply configurations), seed -pss.seed+2.
func TestMutationDifferential(t *testing.T) {
	s := getSuite(t)
	seed, n := *flagSeed+2, *flagN/10
	if testing.Short() {
		n = min(n, 500)
	}
	for _, v := range differentialVersions(t) {
		t.Run(v.String(), func(t *testing.T) { mutationDifferential(t, s, v, seed, n) })
	}
}

type mutationStats struct {
	mu                      sync.Mutex
	pods, mutated, admitted int
	fixed                   int // PSA denies the pod, but admits it mutated
	problems                []string
}

func mutationDifferential(t *testing.T, s *suite, v api.Version, seed int64, n int) {
	oracle := s.oracleAt(t, v)
	ns := pssNamespace(string(api.LevelRestricted), v)
	ns.Labels[generator.MutateLabelKey(generator.DefaultLabelPrefix)] = string(api.LevelRestricted)
	st := &mutationStats{}
	start := time.Now()
	forRandomPods(seed, n, func(j job) bool {
		problem, mutated, admitted, fixed := judgeMutated(t, s.mutated, oracle, ns, j.pod)
		if j.index%4 == 0 && problem == "" && psstest.ValidateCreate(withNamespace(j.pod, ns.Name)) == nil {
			kind := psstest.WorkloadKinds[(j.index/4)%len(psstest.WorkloadKinds)]
			if got := admitIn(t, s.mutatedAll, ns, psstest.Wrap(kind, j.pod)); got.Allowed != admitted || len(got.Mutations) > 0 {
				problem = fmt.Sprintf("as the template of a %s: %s (mutated: %v), but its pod, mutated, is %s", kind, verdictOf(got), len(got.Mutations) > 0, map[bool]string{true: "admitted", false: "denied"}[admitted])
			}
		}
		st.mu.Lock()
		defer st.mu.Unlock()
		st.pods++
		st.mutated += b2i(mutated)
		st.admitted += b2i(admitted)
		st.fixed += b2i(fixed)
		if problem != "" {
			st.problems = append(st.problems, fmt.Sprintf("random pod %d of seed %d: %s\npod:\n%s", j.index, seed, problem, psstest.PodYAML(j.pod)))
		}
		return len(st.problems) < maxReports
	})
	for _, p := range st.problems {
		t.Error(p)
	}
	t.Logf("seed %d, %s: %d pods in %s: %d mutated, %d admitted after mutation, %d of them denied by PSA as sent",
		seed, v, st.pods, time.Since(start).Round(time.Millisecond), st.mutated, st.admitted, st.fixed)
	if st.pods >= 500 && len(st.problems) == 0 && (st.fixed < st.pods/50 || st.mutated < st.pods/5) {
		t.Errorf("only %d pods mutated and %d fixed of %d: the generator no longer exercises the defaults", st.mutated, st.fixed, st.pods)
	}
}

// judgeMutated creates a pod in ns and checks the three claims on it; it
// returns the first claim broken ("" if none), whether the pod was
// mutated, admitted, and admitted although PSA denies it as sent.
func judgeMutated(t *testing.T, e *evaluator.Evaluator, oracle *psstest.Oracle, ns *corev1.Namespace, pod *corev1.Pod) (string, bool, bool, bool) {
	d := admitIn(t, e, ns, pod.DeepCopy())
	invalid := psstest.ValidateCreate(withNamespace(pod, ns.Name))
	if d.Object == nil {
		if invalid != nil {
			return "", false, false, false
		}
		return "a valid pod failed mutation: " + d.Message, false, false, false
	}
	after := &corev1.Pod{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(d.Object.Object, after); err != nil {
		return err.Error(), false, false, false
	}
	mutated := len(d.Mutations) > 0
	if err := psstest.ValidateCreate(after); invalid == nil && err != nil {
		return fmt.Sprintf("mutation made a valid pod invalid: %v\nmutated pod:\n%s", err, psstest.PodYAML(after)), mutated, d.Allowed, false
	}
	want := oracle.Evaluate(api.LevelRestricted, psstest.Defaulted(after))
	if d.Allowed != want.Allowed {
		return fmt.Sprintf("policies %s the mutated pod, PSA: %s\nmutated pod:\n%s", verdictOf(d), want, psstest.PodYAML(after)), mutated, d.Allowed, false
	}
	again := admitIn(t, e, ns, after.DeepCopy())
	if len(again.Mutations) > 0 || again.Object == nil || !apiequality.Semantic.DeepEqual(again.Object.Object, d.Object.Object) {
		return fmt.Sprintf("not idempotent: the mutated pod was changed again: %+v", again.Mutations), mutated, d.Allowed, false
	}
	before := psstest.Defaulted(pod)
	for _, id := range oracle.AllCheckIDs() {
		was, _ := oracle.Check(id, before)
		now, _ := oracle.Check(id, psstest.Defaulted(after))
		if was.Allowed && !now.Allowed {
			return fmt.Sprintf("worse: PSA check %s passed before mutation and fails after (%s: %s)\nmutated pod:\n%s", id, now.ForbiddenReason, now.ForbiddenDetail, psstest.PodYAML(after)), mutated, d.Allowed, false
		}
	}
	fixed := d.Allowed && !oracle.Evaluate(api.LevelRestricted, before).Allowed
	return "", mutated, d.Allowed, fixed
}

func withNamespace(p *corev1.Pod, ns string) *corev1.Pod {
	p = p.DeepCopy()
	p.Namespace = ns
	return p
}

func verdictOf(d evaluator.Decision) string {
	if d.Allowed {
		return "admit"
	}
	return "deny (" + d.Message + ")"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
