// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// Version is the Pod Security Standards version the policies implement.
// PSA's "latest" differs per library release, so it is always passed
// explicitly.
var Version = api.MajorMinorVersion(1, 35)

// Verdict is PSA's answer for one pod.
type Verdict struct {
	Allowed bool
	// Reasons are PSA's forbidden reasons with details, one per failed check.
	Reasons []string
}

func (v Verdict) String() string {
	if v.Allowed {
		return "allowed"
	}
	return "denied: " + strings.Join(v.Reasons, "; ")
}

// Oracle evaluates pods with PSA's own checks.
type Oracle struct {
	evaluator policy.Evaluator
	checks    map[string]policy.CheckPodFn
	levels    map[string]api.Level
}

// NewOracle builds an evaluator of policy.DefaultChecks().
func NewOracle() (*Oracle, error) {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return nil, err
	}
	o := &Oracle{evaluator: e, checks: map[string]policy.CheckPodFn{}, levels: map[string]api.Level{}}
	for _, c := range policy.DefaultChecks() {
		var fn policy.CheckPodFn
		for _, v := range c.Versions {
			if !Version.Older(v.MinimumVersion) {
				fn = v.CheckPod
			}
		}
		if fn != nil {
			o.checks[string(c.ID)] = fn
			o.levels[string(c.ID)] = c.Level
		}
	}
	return o, nil
}

// Evaluate returns PSA's verdict for the pod at the given level and Version.
func (o *Oracle) Evaluate(level api.Level, pod *corev1.Pod) Verdict {
	results := o.evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: Version}, &pod.ObjectMeta, &pod.Spec)
	agg := policy.AggregateCheckResults(results)
	v := Verdict{Allowed: agg.Allowed}
	for i := range agg.ForbiddenReasons {
		r := agg.ForbiddenReasons[i]
		if d := agg.ForbiddenDetails[i]; d != "" {
			r += " (" + d + ")"
		}
		v.Reasons = append(v.Reasons, r)
	}
	return v
}

// Check runs one PSA check, by ID, in the variant in effect at Version.
func (o *Oracle) Check(id string, pod *corev1.Pod) (policy.CheckResult, error) {
	fn, ok := o.checks[id]
	if !ok {
		return policy.CheckResult{}, fmt.Errorf("PSA has no check %q at %s", id, Version)
	}
	return fn(&pod.ObjectMeta, &pod.Spec), nil
}

// CheckIDs lists the IDs of the checks PSA defines at Version for a level
// (baseline or restricted checks themselves, not what a level evaluates).
func (o *Oracle) CheckIDs(level api.Level) []string {
	var ids []string
	for id, l := range o.levels {
		if l == level {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// AllCheckIDs lists the IDs of every check PSA defines at Version.
func (o *Oracle) AllCheckIDs() []string {
	ids := make([]string, 0, len(o.checks))
	for id := range o.checks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
