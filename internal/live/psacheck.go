// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"
	psa "k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

// PSAComparison judges the objects an audit judges with Pod Security
// Admission's own checks too (k8s.io/pod-security-admission/policy, at
// each namespace's enforce level and version) and records where the two
// disagree. Use its Observe as the audit's Observe, with the migration's
// Relabel.
type PSAComparison struct {
	m         *Migration
	evaluator policy.Evaluator
	policies  map[string]*NamespaceMigration
	// Compared counts the objects judged by both.
	Compared    int
	Differences []Difference
}

// Difference is an object that vapgen and PSA judge differently.
type Difference struct {
	Namespace string `json:"namespace"`
	Object    string `json:"object"` // kind/name
	// PSA is the level and version PSA enforces; PSAAllowed and Reasons
	// its verdict; Message vapgen's when it denies.
	PSA        string   `json:"psa"`
	PSAAllowed bool     `json:"psaAllowed"`
	Reasons    []string `json:"psaReasons,omitempty"`
	Message    string   `json:"message,omitempty"`
	// SameVersion: PSA enforces vapgen's own Pod Security Standards version.
	SameVersion bool `json:"sameVersion"`
	// OptedOut are the opt-out labels the namespace carries already.
	OptedOut []string `json:"optedOut,omitempty"`
}

// NewPSAComparison compares with PSA as the migration says it is set up.
func NewPSAComparison(m *Migration) (*PSAComparison, error) {
	ev, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		return nil, err
	}
	c := &PSAComparison{m: m, evaluator: ev, policies: map[string]*NamespaceMigration{}}
	for _, n := range m.Namespaces {
		c.policies[n.Name] = n
	}
	return c, nil
}

// Relabel judges each namespace with the labels the migration gives it;
// a profile that would come from the config's defaultProfile is set as a
// label, as that binding would select the namespace.
func (c *PSAComparison) Relabel(ns *corev1.Namespace) *corev1.Namespace {
	n := c.policies[ns.Name]
	if n == nil {
		return ns
	}
	set := map[string]string{}
	for k, v := range n.Labels {
		set[k] = v
	}
	if _, ok := set[c.m.Prefix+"/profile"]; !ok && c.m.DefaultProfile != "" && !n.Exempt {
		if _, own := ns.Labels[c.m.Prefix+"/profile"]; !own {
			set[c.m.Prefix+"/profile"] = c.m.DefaultProfile
		}
	}
	return WithLabels(set)(ns)
}

// Observe compares one judged object.
func (c *PSAComparison) Observe(j Judged) {
	n := c.policies[j.At.Namespace]
	if j.Err != nil || n == nil || j.Namespace == nil {
		return
	}
	meta, spec, ok := podSpecOf(j.Object)
	if !ok {
		return
	}
	c.Compared++
	enforce := n.PSA.Enforce
	version := enforce.Version
	if version.Latest() && c.m.ServerVersion != "" {
		if v, err := psa.ParseVersion(c.m.ServerVersion); err == nil {
			version = v
		}
	}
	allowed, reasons := true, []string(nil)
	exempt := n.Exempt || spec.RuntimeClassName != nil && slices.Contains(c.m.PSA.Exemptions.RuntimeClasses, *spec.RuntimeClassName)
	if !exempt {
		r := policy.AggregateCheckResults(c.evaluator.EvaluatePod(psa.LevelVersion{Level: enforce.Level, Version: version}, meta, spec))
		allowed, reasons = r.Allowed, r.ForbiddenReasons
	}
	if allowed == j.Decision.Allowed {
		return
	}
	object := strings.ToLower(j.At.Kind) + "/" + j.At.Name
	if kind := kindOf(j.Object); kind != j.At.Kind {
		object = strings.ToLower(kind) + "/" + objectName(j.Object) + " (of " + object + ")"
	}
	d := Difference{Namespace: j.At.Namespace, Object: object, PSA: fmt.Sprintf("%s:%s", enforce.Level, version), PSAAllowed: allowed,
		Reasons: reasons, SameVersion: version.String() == c.m.PSSVersion}
	if !j.Decision.Allowed {
		d.Message = j.Decision.Message
	}
	for k, v := range j.Namespace.Labels {
		if v == excludeValue && strings.HasPrefix(k, c.m.Prefix+"/") && !slices.Contains(modeLabels, strings.TrimPrefix(k, c.m.Prefix+"/")) {
			d.OptedOut = append(d.OptedOut, k)
		}
	}
	sort.Strings(d.OptedOut)
	c.Differences = append(c.Differences, d)
}

// Sorted returns the differences by namespace and object.
func (c *PSAComparison) Sorted() []Difference {
	out := slices.Clone(c.Differences)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Object < out[j].Object
	})
	return out
}

// podSpecOf returns the pod metadata and spec PSA judges an object by:
// the pod's own, or its template's (as PSA's DefaultPodSpecExtractor).
func podSpecOf(obj runtime.Object) (*metav1.ObjectMeta, *corev1.PodSpec, bool) {
	var t *corev1.PodTemplateSpec
	switch o := obj.(type) {
	case *corev1.Pod:
		return &o.ObjectMeta, &o.Spec, true
	case *corev1.PodTemplate:
		t = &o.Template
	case *corev1.ReplicationController:
		t = o.Spec.Template
	case *appsv1.ReplicaSet:
		t = &o.Spec.Template
	case *appsv1.Deployment:
		t = &o.Spec.Template
	case *appsv1.DaemonSet:
		t = &o.Spec.Template
	case *appsv1.StatefulSet:
		t = &o.Spec.Template
	case *batchv1.Job:
		t = &o.Spec.Template
	case *batchv1.CronJob:
		t = &o.Spec.JobTemplate.Spec.Template
	}
	if t == nil {
		return nil, nil, false
	}
	return &t.ObjectMeta, &t.Spec, true
}

func kindOf(obj runtime.Object) string {
	if gvks, _, err := scheme.Scheme.ObjectKinds(obj); err == nil && len(gvks) > 0 {
		return gvks[0].Kind
	}
	return ""
}

func objectName(obj runtime.Object) string {
	if m, ok := obj.(metav1.Object); ok {
		return m.GetName()
	}
	return ""
}
