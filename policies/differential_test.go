// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// maxReports is how many disagreements a differential test shrinks and
// prints before it stops.
const maxReports = 3

// job is one random pod.
type job struct {
	index int
	pod   *corev1.Pod
}

// forRandomPods generates n pods from seed in order and hands them to one
// worker per CPU. work returns false to stop early.
func forRandomPods(seed int64, n int, work func(job) bool) {
	jobs := make(chan job, 256)
	var stop atomic.Bool
	go func() {
		g := psstest.NewPodGenerator(seed)
		for i := 0; i < n && !stop.Load(); i++ {
			jobs <- job{index: i, pod: g.Pod()}
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if !stop.Load() && !work(j) {
					stop.Store(true)
				}
			}
		}()
	}
	wg.Wait()
}

// counters are a differential test's statistics.
type counters struct {
	mu            sync.Mutex
	pods          int
	allowed       map[api.Level]int
	checkFailures map[string]int // PSA check ID -> pods that fail it
	nonMonotone   int            // pods baseline denies but restricted allows
	disagreements int
}

func newCounters() *counters {
	return &counters{allowed: map[api.Level]int{}, checkFailures: map[string]int{}}
}

// TestDifferential compares the generated policies with PSA on random pods,
// at each version of -pss.versions (PSS_VERSIONS: the latest and the oldest
// implemented in make test, all in make test-long): each pod is judged in a
// namespace labelled baseline and in one labelled restricted (which gets the
// baseline and the restricted policies), pinned to the version by the
// profile-version label (none for the latest), and PSA's verdict at that
// level and version must be the same, in both directions. PSA judges the
// pod with the API server's defaults applied, as the policies see it. Every
// fourth pod is also wrapped in a workload (Deployment, CronJob, … in
// turn): the template policies must give the same verdict. -pss.n
// (PSS_PODS) pods per profile at the latest version and -pss.n.older
// (PSS_PODS_OLDER) at each older one, seed -pss.seed (PSS_SEED); a
// disagreement is shrunk to a minimal pod and printed. Both layouts are
// judged (generator.PerRule and PerProfile).
func TestDifferential(t *testing.T) {
	s := getSuite(t)
	seed, n, older := *flagSeed, *flagN, *flagNOlder
	if older < 0 {
		older = n
	}
	if testing.Short() {
		n, older = min(n, 1000), min(older, 1000)
	}
	for _, v := range differentialVersions(t) {
		pods := older
		if v == psstest.Latest {
			pods = n
		}
		t.Run(v.String(), func(t *testing.T) { differential(t, s, v, seed, pods) })
	}
}

// differentialVersions are the versions of -pss.versions.
func differentialVersions(t *testing.T) []api.Version {
	switch *flagVersions {
	case "all":
		return psstest.Versions()
	case "latest,oldest":
		return []api.Version{psstest.Latest, psstest.Oldest}
	}
	var out []api.Version
	for _, s := range strings.Split(*flagVersions, ",") {
		v, err := api.ParseVersion(strings.TrimSpace(s))
		if err != nil || v.Older(psstest.Oldest) || psstest.Latest.Older(v) {
			t.Fatalf("-pss.versions: %q is not an implemented version (want all, latest,oldest or v1.30,...)", s)
		}
		out = append(out, v)
	}
	return out
}

func differential(t *testing.T, s *suite, v api.Version, seed int64, n int) {
	oracle := s.oracleAt(t, v)
	c := newCounters()
	var reports []string
	start := time.Now()
	forRandomPods(seed, n, func(j job) bool {
		def := psstest.Defaulted(j.pod)
		var failedChecks []string
		for _, id := range oracle.AllCheckIDs() {
			if r, _ := oracle.Check(id, def); !r.Allowed {
				failedChecks = append(failedChecks, id)
			}
		}
		verdicts := map[api.Level]bool{}
		var local []string
		// Every fourth pod also goes into a workload of a rotating kind,
		// whose pod template the template policies must judge alike.
		kind := ""
		if j.index%4 == 0 {
			kind = psstest.WorkloadKinds[(j.index/4)%len(psstest.WorkloadKinds)]
		}
		for _, level := range levels {
			want := oracle.Evaluate(level, def)
			verdicts[level] = want.Allowed
			for _, l := range s.layouts() {
				if got := admitAt(t, l.pods, string(level), v, j.pod); got.Allowed != want.Allowed {
					local = append(local, reportDisagreement(t, oracle, l, seed, j, level, ""))
				}
				if kind != "" {
					if got := admitObjectAt(t, l.all, string(level), v, psstest.Wrap(kind, j.pod)); got.Allowed != want.Allowed {
						local = append(local, reportDisagreement(t, oracle, l, seed, j, level, kind))
					}
				}
			}
		}
		c.add(verdicts, failedChecks, len(local))
		c.mu.Lock()
		defer c.mu.Unlock()
		reports = append(reports, local...)
		return len(reports) < maxReports
	})
	elapsed := time.Since(start)
	for _, r := range reports {
		t.Error(r)
	}
	t.Logf("seed %d, %s: %d pods x %d profiles in %s (%d workers, %.0f pods/s); disagreements: %d",
		seed, v, c.pods, len(levels), elapsed.Round(time.Millisecond), runtime.GOMAXPROCS(0),
		float64(c.pods)/elapsed.Seconds(), c.disagreements)
	for _, level := range levels {
		t.Logf("  %-10s allowed %6d, denied %6d", level, c.allowed[level], c.pods-c.allowed[level])
	}
	t.Logf("  pods that baseline denies but restricted allows (PSA's overrides): %d", c.nonMonotone)
	t.Logf("  pods failing each PSA check: %s", formatCounts(c.checkFailures))
	checkCoverage(t, c, oracle)
}

// add counts one pod.
func (c *counters) add(verdicts map[api.Level]bool, failedChecks []string, disagreements int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pods++
	for _, level := range levels {
		if verdicts[level] {
			c.allowed[level]++
		}
	}
	if !verdicts[api.LevelBaseline] && verdicts[api.LevelRestricted] {
		c.nonMonotone++
	}
	for _, id := range failedChecks {
		c.checkFailures[id]++
	}
	c.disagreements += disagreements
}

// checkCoverage makes sure the generator keeps both verdicts frequent, for
// every profile and every check, so that a passing run means something.
func checkCoverage(t *testing.T, c *counters, o *psstest.Oracle) {
	t.Helper()
	if c.pods < 1000 || c.disagreements > 0 {
		return
	}
	for _, level := range levels {
		if a := c.allowed[level]; a < c.pods/10 || c.pods-a < c.pods/10 {
			t.Errorf("%s: %d of %d pods allowed; want both verdicts at least 10%%", level, a, c.pods)
		}
	}
	for _, id := range o.AllCheckIDs() {
		if f := c.checkFailures[id]; f < c.pods/200 {
			t.Errorf("check %s fails for %d of %d pods; want at least 0.5%%", id, f, c.pods)
		}
	}
}

// reportDisagreement shrinks a pod on which PSA (at the oracle's version)
// and the policies disagree (as a pod, or as the template of a workload of
// the given kind).
func reportDisagreement(t testing.TB, oracle *psstest.Oracle, l layout, seed int64, j job, level api.Level, kind string) string {
	v := oracle.Version()
	judge := func(p *corev1.Pod) evaluator.Decision {
		if kind == "" {
			return admitAt(t, l.pods, string(level), v, p)
		}
		return admitObjectAt(t, l.all, string(level), v, psstest.Wrap(kind, p))
	}
	keep := func(p *corev1.Pod) bool {
		return judge(p).Allowed != oracle.Evaluate(level, psstest.Defaulted(p)).Allowed
	}
	small := psstest.Shrink(j.pod, keep)
	as := "a pod"
	if kind != "" {
		as = "the pod template of a " + kind
	}
	return fmt.Sprintf("%s %s, %s layout: random pod %d of seed %d (PSS_SEED=%d), as %s: PSA and the policies disagree\n  PSA:      %s\n  policies: %s\nshrunk pod:\n%s",
		level, v, l.name, j.index, seed, seed, as, oracle.Evaluate(level, psstest.Defaulted(small)),
		describe(judge(small)), psstest.PodYAML(small))
}

// TestDifferentialPerPolicy compares each generated policy alone with the
// PSA check it implements, on random pods, in a namespace labelled for the
// policy's profile. It pins a disagreement to one policy, and proves each
// policy equal to its check rather than only the union equal to the level.
func TestDifferentialPerPolicy(t *testing.T) {
	s := getSuite(t)
	seed, n := *flagSeed+1, *flagN/5
	if testing.Short() && n > 200 {
		n = 200
	}
	type stat struct{ denied, disagreements int }
	var mu sync.Mutex
	stats := map[string]*stat{}
	var reports []string
	start := time.Now()
	forRandomPods(seed, n, func(j job) bool {
		def := psstest.Defaulted(j.pod)
		var local []string
		denied := map[string]bool{}
		for _, u := range s.units {
			want := true
			var details []string
			for _, id := range psaChecks(u) {
				r, err := s.oracle.Check(id, def)
				if err != nil {
					t.Error(err)
					return false
				}
				if !r.Allowed {
					want = false
					details = append(details, r.ForbiddenReason+" ("+r.ForbiddenDetail+")")
				}
			}
			got := admit(t, s.single[u.Name], string(u.Profile), j.pod)
			denied[u.Name] = !got.Allowed
			if got.Allowed != want {
				e := s.single[u.Name]
				id := psaChecks(u)
				small := psstest.Shrink(j.pod, func(p *corev1.Pod) bool {
					r, _ := s.oracle.Check(id[0], psstest.Defaulted(p))
					return admit(t, e, string(u.Profile), p).Allowed != r.Allowed
				})
				local = append(local, fmt.Sprintf("%s vs PSA check %v: random pod %d of seed %d: PSA allowed=%v %v, policy %s\nshrunk pod:\n%s",
					u.Name, id, j.index, seed, want, details, describe(admit(t, e, string(u.Profile), small)), psstest.PodYAML(small)))
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for name, d := range denied {
			if stats[name] == nil {
				stats[name] = &stat{}
			}
			if d {
				stats[name].denied++
			}
		}
		reports = append(reports, local...)
		return len(reports) < maxReports
	})
	for _, r := range reports {
		t.Error(r)
	}
	names := make([]string, 0, len(stats))
	for name := range stats {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		fmt.Fprintf(&b, "\n  %-58s denied %5d", name, stats[name].denied)
	}
	t.Logf("seed %d: %d pods x %d policies in %s; disagreements: %d%s", seed, n, len(s.units),
		time.Since(start).Round(time.Millisecond), len(reports), b.String())
}

func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

// TestPerProfileOptOuts proves the per-rule opt-out labels of the
// per-profile layout: in a namespace labelled for a rule's profile that opts
// out of every other rule, the profile's merged policy must decide exactly
// like the PSA check the rule implements.
func TestPerProfileOptOuts(t *testing.T) {
	s := getSuite(t)
	seed, n := *flagSeed+2, *flagN/20
	if testing.Short() && n > 50 {
		n = 50
	}
	namespaces := map[string]*corev1.Namespace{}
	for _, u := range s.units {
		ns := psstest.Namespace("only-"+u.Name, string(u.Profile))
		for _, other := range s.units {
			if other.Name != u.Name {
				ns.Labels[generator.OptOutLabelKey(generator.DefaultLabelPrefix, other.Name)] = generator.ExcludeValue
			}
		}
		namespaces[u.Name] = ns
	}
	var mu sync.Mutex
	var reports []string
	denials := 0
	forRandomPods(seed, n, func(j job) bool {
		def := psstest.Defaulted(j.pod)
		var local []string
		for _, u := range s.units {
			want := true
			for _, id := range psaChecks(u) {
				if r, _ := s.oracle.Check(id, def); !r.Allowed {
					want = false
				}
			}
			got := admitIn(t, s.perProfile, namespaces[u.Name], j.pod.DeepCopy())
			if got.Allowed != want {
				local = append(local, fmt.Sprintf("%s alone (the others opted out): random pod %d of seed %d: PSA check %v allowed=%v, per-profile policies: %s\npod:\n%s",
					u.Name, j.index, seed, psaChecks(u), want, describe(got), psstest.PodYAML(j.pod)))
			}
			mu.Lock()
			if !got.Allowed {
				denials++
			}
			mu.Unlock()
		}
		mu.Lock()
		defer mu.Unlock()
		reports = append(reports, local...)
		return len(reports) < maxReports
	})
	for _, r := range reports {
		t.Error(r)
	}
	if n >= 100 && denials < n {
		t.Errorf("only %d denials over %d pods x %d rules; the random pods do not exercise the rules", denials, n, len(s.units))
	}
	t.Logf("seed %d: %d pods x %d rules, %d denials, disagreements: %d", seed, n, len(s.units), denials, len(reports))
}
