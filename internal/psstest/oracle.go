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

// The Pod Security Standards versions the policies implement, as PSA does
// at each. PSA's "latest" differs per library release, so versions are
// always passed explicitly.
var (
	Oldest = api.MajorMinorVersion(1, 30)
	Latest = api.MajorMinorVersion(1, 37)
)

// Versions are every implemented version, oldest first.
func Versions() []api.Version {
	var out []api.Version
	for m := Oldest.Minor(); m <= Latest.Minor(); m++ {
		out = append(out, api.MajorMinorVersion(1, m))
	}
	return out
}

// VersionLabel is the value of a namespace's version label that pins it
// to v ("" for the latest, which unlabelled namespaces get).
func VersionLabel(v api.Version) string {
	if v == Latest {
		return ""
	}
	return v.String()
}

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

// Oracle evaluates pods with PSA's own checks at one version.
type Oracle struct {
	version   api.Version
	evaluator policy.Evaluator
	checks    map[string]policy.CheckPodFn
	levels    map[string]api.Level
}

// NewOracle builds an evaluator of policy.DefaultChecks() at a version.
func NewOracle(version api.Version) (*Oracle, error) {
	e, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return nil, err
	}
	o := &Oracle{version: version, evaluator: e, checks: map[string]policy.CheckPodFn{}, levels: map[string]api.Level{}}
	for _, c := range policy.DefaultChecks() {
		var fn policy.CheckPodFn
		for _, v := range c.Versions {
			if !version.Older(v.MinimumVersion) {
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

// Version is the oracle's version.
func (o *Oracle) Version() api.Version { return o.version }

// Evaluate returns PSA's verdict for the pod at the given level and the
// oracle's version.
func (o *Oracle) Evaluate(level api.Level, pod *corev1.Pod) Verdict {
	results := o.evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: o.version}, &pod.ObjectMeta, &pod.Spec)
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

// Check runs one PSA check, by ID, in the variant in effect at the
// oracle's version.
func (o *Oracle) Check(id string, pod *corev1.Pod) (policy.CheckResult, error) {
	fn, ok := o.checks[id]
	if !ok {
		return policy.CheckResult{}, fmt.Errorf("PSA has no check %q at %s", id, o.version)
	}
	return fn(&pod.ObjectMeta, &pod.Spec), nil
}

// CheckIDs lists the IDs of the checks PSA defines at the version for a level
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

// AllCheckIDs lists the IDs of every check PSA defines at the version.
func (o *Oracle) AllCheckIDs() []string {
	ids := make([]string, 0, len(o.checks))
	for id := range o.checks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// VersionsOf tells, for a PSA check, the version within the implemented
// range at which it starts ("" when it exists at the oldest) and those at
// which its variant changes.
func VersionsOf(id string) (since string, changes []string) {
	for _, c := range policy.DefaultChecks() {
		if string(c.ID) != id {
			continue
		}
		for i, v := range c.Versions {
			m := v.MinimumVersion
			if !Oldest.Older(m) || Latest.Older(m) {
				continue
			}
			if i == 0 {
				since = m.String()
			} else {
				changes = append(changes, m.String())
			}
		}
	}
	return since, changes
}
