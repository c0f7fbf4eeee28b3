// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// Result is what an audit found.
type Result struct {
	// Namespaces are the audited namespaces, by name.
	Namespaces []*NamespaceSummary
	// Resources are the reported objects: the audited Namespace objects
	// (cluster-scoped), top-level workloads (with the pods they control)
	// and pods no listed workload controls; by namespace ("" first), kind
	// and name.
	Resources []*Resource
	// Judged counts the objects judged (namespaces, workloads, pods); Pods
	// the pods among them.
	Judged, Pods int
	Elapsed      time.Duration
}

// Resource is one reported object and what the policies say about it and
// the pods it controls.
type Resource struct {
	Ref corev1.ObjectReference // apiVersion, kind, namespace, name, uid
	// Pods counts the pods judged and reported here (a bare pod: 0).
	Pods int
	// Denied: the CREATE of the object, or of one of its pods, is denied;
	// Message is the API server's message, the object's own, else the
	// first denied pod's (by name) as "pod <name>: <message>".
	Denied   bool
	Message  string
	Warnings []string
	// Err is why the object (or a pod) could not be judged.
	Err  string
	Rows []Row

	messagePod, errPod string // the pods Message and Err are about
}

// NamespaceSummary sums up one namespace.
type NamespaceSummary struct {
	Name string
	// Labels are the namespace's vapgen labels (under the prefix) as
	// judged; Simulated when they differ from the namespace's own.
	Labels    map[string]string
	Simulated bool
	// Resources reported (Workloads of them not pods), Pods judged.
	Resources, Workloads, Pods int
	Denied, Warned, Errors     int
	// DeniedByRule counts denied resources by the rule (or, when no label
	// lifts it, the policy) that denies them.
	DeniedByRule map[string]int
	// OptOut is the smallest set of opt-out labels that admits every object
	// of the namespace, sorted; Unliftable lists what no label lifts (the
	// policies, or the API server's message).
	OptOut     []string
	Unliftable []string
}

// Denied counts the denied resources.
func (r *Result) Denied() int {
	n := 0
	for _, res := range r.Resources {
		if res.Denied {
			n++
		}
	}
	return n
}

// Errors counts the resources that could not be judged.
func (r *Result) Errors() int {
	n := 0
	for _, res := range r.Resources {
		if res.Err != "" {
			n++
		}
	}
	return n
}

func sortResources(rs []*Resource) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i].Ref, rs[j].Ref
		if a.Namespace != b.Namespace {
			return a.Namespace < b.Namespace
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Name < b.Name
	})
}
