// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
	"github.com/vapgen/vapgen/internal/testkit"
)

// Flags (or environment variables, which `make test-long` sets) of the
// differential tests.
var (
	flagSeed     = flag.Int64("pss.seed", envInt("PSS_SEED", 1), "seed of the random pods (env PSS_SEED)")
	flagN        = flag.Int("pss.n", int(envInt("PSS_PODS", 10000)), "random pods per profile at the latest version in TestDifferential (env PSS_PODS)")
	flagNOlder   = flag.Int("pss.n.older", int(envInt("PSS_PODS_OLDER", -1)), "random pods per profile at each older version in TestDifferential (env PSS_PODS_OLDER; -1: as -pss.n)")
	flagVersions = flag.String("pss.versions", envString("PSS_VERSIONS", "latest,oldest"),
		"Pod Security Standards versions of TestDifferential: latest,oldest, all, or a list like v1.30,v1.34 (env PSS_VERSIONS)")
)

func envInt(name string, def int64) int64 {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			panic(fmt.Sprintf("%s=%q: %v", name, v, err))
		}
		return n
	}
	return def
}

func envString(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

var levels = []api.Level{api.LevelBaseline, api.LevelRestricted}

// object is what admitObject needs of an object.
type object interface {
	runtime.Object
	metav1.Object
}

// suite is what every test shares: the generated policies, evaluators and
// PSA. Built once.
type suite struct {
	units []*generator.Unit    // those generated from policies/ (with vapgen.io/psa-checks)
	all   *evaluator.Evaluator // every policy and binding
	// pods has only the policies that match Pods, with their bindings: the
	// same decisions for pods as all, without matching the template policies.
	pods   *evaluator.Evaluator
	single map[string]*evaluator.Evaluator // by policy (VAP) name: that policy alone
	// perProfile has every object of the per-profile layout (generator.PerProfile).
	perProfile *evaluator.Evaluator
	// mutated has the pod policies and the MutatingAdmissionPolicies, and
	// gives each decision the object as stored; mutatedAll has every policy
	// and the MutatingAdmissionPolicies.
	mutated, mutatedAll *evaluator.Evaluator
	// oracle is PSA at the latest version; oracleAt gives the others.
	oracle    *psstest.Oracle
	oraclesMu sync.Mutex
	oracles   map[api.Version]*psstest.Oracle
}

// oracleAt is PSA at a version.
func (s *suite) oracleAt(t testing.TB, v api.Version) *psstest.Oracle {
	s.oraclesMu.Lock()
	defer s.oraclesMu.Unlock()
	o, ok := s.oracles[v]
	if !ok {
		var err error
		if o, err = psstest.NewOracle(v); err != nil {
			t.Fatal(err)
		}
		s.oracles[v] = o
	}
	return o
}

// layout is one generated layout, for the tests that prove both.
type layout struct {
	name string
	// pods decides pods, all decides workloads.
	pods, all *evaluator.Evaluator
}

func (s *suite) layouts() []layout {
	return []layout{
		{name: string(generator.PerRule), pods: s.pods, all: s.all},
		{name: string(generator.PerProfile), pods: s.perProfile, all: s.perProfile},
	}
}

var (
	suiteOnce sync.Once
	theSuite  *suite
	suiteErr  error
)

func getSuite(t testing.TB) *suite {
	t.Helper()
	suiteOnce.Do(func() { theSuite, suiteErr = buildSuite() })
	if suiteErr != nil {
		t.Fatal(suiteErr)
	}
	return theSuite
}

func buildSuite() (*suite, error) {
	res, diags := generator.Generate(generator.Options{Policies: []string{"."}})
	if res == nil {
		return nil, fmt.Errorf("generate: %v", diags)
	}
	if len(res.Warnings) > 0 {
		return nil, fmt.Errorf("generate: warnings: %v", res.Warnings)
	}
	s := &suite{single: map[string]*evaluator.Evaluator{}, oracles: map[api.Version]*psstest.Oracle{}}
	var policies, podPolicies []*admissionregistrationv1.ValidatingAdmissionPolicy
	var bindings, podBindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for _, u := range res.Units {
		// Every generated object goes into all (the generator also makes
		// objects of its own, such as a guard of the namespace labels).
		policies = append(policies, u.Policies...)
		bindings = append(bindings, u.Bindings...)
		if u.Policy.Annotations["vapgen.io/psa-checks"] == "" {
			continue
		}
		s.units = append(s.units, u)
		// The pod policies: the rule's own, of every version it has.
		own := map[string]bool{}
		for _, p := range u.Policies {
			if p.Annotations[generator.PodTemplateAnnotation] == "" {
				own[p.Name] = true
				podPolicies = append(podPolicies, p)
			}
		}
		for _, b := range u.Bindings {
			if own[b.Spec.PolicyName] {
				podBindings = append(podBindings, b)
			}
		}
		// A unit is a rule: its pod policy, the policies that judge pod
		// templates of workloads, and their bindings for every mode.
		e, err := newEvaluator(u.Policies, u.Bindings)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", u.Name, err)
		}
		s.single[u.Name] = e
	}
	var err error
	if s.all, err = newEvaluator(policies, bindings); err != nil {
		return nil, err
	}
	if s.pods, err = newEvaluator(podPolicies, podBindings); err != nil {
		return nil, err
	}
	maps, mapBindings := res.MutatingObjects()
	if len(maps) == 0 {
		return nil, fmt.Errorf("generate: no MutatingAdmissionPolicy")
	}
	if s.mutated, err = testkit.EvaluatorOfObjects(evaluator.Objects{Policies: podPolicies, Bindings: podBindings, Mutating: maps, MutatingBindings: mapBindings}, evaluator.WithStoredObject()); err != nil {
		return nil, err
	}
	if s.mutatedAll, err = testkit.EvaluatorOf(res); err != nil {
		return nil, err
	}
	if s.perProfile, err = perProfileEvaluator(); err != nil {
		return nil, err
	}
	if s.oracle, err = psstest.NewOracle(psstest.Latest); err != nil {
		return nil, err
	}
	s.oracles[psstest.Latest] = s.oracle
	return s, nil
}

func perProfileEvaluator() (*evaluator.Evaluator, error) {
	res, err := testkit.Generate(generator.Options{Policies: []string{"."}, Layout: generator.PerProfile}, false)
	if err != nil {
		return nil, err
	}
	return testkit.EvaluatorOf(res)
}

var newEvaluator = testkit.Evaluator

// admit asks an evaluator whether a pod may be created in a namespace
// labelled for a profile ("" for an unlabelled namespace).
func admit(t testing.TB, e *evaluator.Evaluator, profile string, pod *corev1.Pod) evaluator.Decision {
	t.Helper()
	return admitAt(t, e, profile, psstest.Latest, pod)
}

// admitAt is admit in a namespace pinned to a Pod Security Standards
// version (the latest: no version label).
func admitAt(t testing.TB, e *evaluator.Evaluator, profile string, v api.Version, pod *corev1.Pod) evaluator.Decision {
	t.Helper()
	return admitObjectAt(t, e, profile, v, pod.DeepCopy())
}

// admitObject asks an evaluator whether an object may be created in a
// namespace labelled for a profile. The object is modified.
func admitObject(t testing.TB, e *evaluator.Evaluator, profile string, obj object) evaluator.Decision {
	t.Helper()
	return admitObjectAt(t, e, profile, psstest.Latest, obj)
}

// admitObjectAt is admitObject in a namespace pinned to a version.
func admitObjectAt(t testing.TB, e *evaluator.Evaluator, profile string, v api.Version, obj object) evaluator.Decision {
	t.Helper()
	return admitIn(t, e, pssNamespace(profile, v), obj)
}

// pssNamespace is a namespace labelled for a profile ("" for none) and
// pinned to a version with the profile-version label (none for the latest).
func pssNamespace(profile string, v api.Version) *corev1.Namespace {
	ns := psstest.Namespace("pss-"+nonEmpty(profile, "none"), profile)
	if label := psstest.VersionLabel(v); label != "" {
		ns.Labels[generator.Modes[0].VersionLabelKey(generator.DefaultLabelPrefix)] = label
	}
	return ns
}

// admitIn asks an evaluator whether an object may be created in a
// namespace. The object is modified.
func admitIn(t testing.TB, e *evaluator.Evaluator, ns *corev1.Namespace, obj object) evaluator.Decision {
	t.Helper()
	obj.SetNamespace(ns.Name)
	d, err := e.Evaluate(context.Background(), evaluator.Request{Object: obj, Namespace: ns})
	if err != nil {
		// Errorf, not Fatalf: this runs on worker goroutines too.
		t.Errorf("evaluate %s: %v", obj.GetName(), err)
		return evaluator.Decision{Message: err.Error()}
	}
	for _, r := range d.Results {
		if r.Outcome == evaluator.OutcomeError {
			t.Errorf("%s: policy %s failed to evaluate: %s", obj.GetName(), r.Policy, r.Message)
		}
	}
	return d
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// failed lists the policies that denied.
func failed(d evaluator.Decision) []string {
	var out []string
	for _, r := range d.Results {
		if r.Outcome != evaluator.OutcomePass {
			out = append(out, r.Policy+": "+r.Message)
		}
	}
	return out
}

func describe(d evaluator.Decision) string {
	if d.Allowed {
		return "allowed"
	}
	return "denied: " + strings.Join(failed(d), "; ")
}

// unitsOf returns the units generated from one policy (ClusterPolicy name).
func (s *suite) unitsOf(policy string) []*generator.Unit {
	var out []*generator.Unit
	for _, u := range s.units {
		if u.Policy.Annotations["vapgen.io/policy"] == "ClusterPolicy/"+policy {
			out = append(out, u)
		}
	}
	return out
}

// psaChecks returns the PSA check IDs a unit implements.
func psaChecks(u *generator.Unit) []string {
	var out []string
	for _, id := range strings.Split(u.Policy.Annotations["vapgen.io/psa-checks"], ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}
