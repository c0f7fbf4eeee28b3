// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	k8sruntime "k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/admission"

	"github.com/vapgen/vapgen/evaluator"
)

// Options of an audit.
type Options struct {
	Clients *Clients
	// Evaluator judges; build it with evaluator.WithFailures, so that the
	// rules of a per-profile policy are told apart.
	Evaluator *evaluator.Evaluator
	Rules     *Rules
	Scope     Scope
	Relabel   Relabel
	PageSize  int64 // DefaultPageSize when 0
	Workers   int   // GOMAXPROCS when 0
	// Progress, when set, gets a line every ProgressEvery (default 5 s).
	Progress      io.Writer
	ProgressEvery time.Duration
	// Observe, when set, is called with every object judged, one at a time.
	Observe func(Judged)
	// Ready, when set, is called with the audited namespaces before anything
	// is judged; its error ends the audit (e.g. Writer.Preflight).
	Ready func(namespaces []string) error

	// direct judges with Evaluator itself, not with its view of each
	// namespace (evaluator.ForNamespace); for the test that they agree.
	direct bool
}

// Judged is one object judged.
type Judged struct {
	// Object is the body of the CREATE that was judged (see asCreated).
	Object k8sruntime.Object
	// Namespace is the namespace as judged (nil for a Namespace object).
	Namespace *corev1.Namespace
	Decision  evaluator.Decision
	Err       error
	// At is where the object is reported.
	At corev1.ObjectReference
}

// job is one object to judge.
type job struct {
	obj k8sruntime.Object
	ev  *evaluator.Evaluator
	ns  *corev1.Namespace // nil for namespaces
	at  corev1.ObjectReference
	pod string // the pod's name when it is judged for a workload that controls it
}

type judged struct {
	job
	decision evaluator.Decision
	err      error
}

// Audit lists and judges the objects of the scope (doc.go). It returns an
// *Error when the cluster cannot be read; nothing is judged half: an error
// while listing returns no result.
func Audit(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	if o.PageSize <= 0 {
		o.PageSize = DefaultPageSize
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	prog := newProgress(o.Progress, o.ProgressEvery, start)
	l := &lister{clients: o.Clients, pageSize: o.PageSize, listed: prog.listed}
	nss, err := l.namespacesIn(ctx, o.Scope)
	if err != nil {
		return nil, err
	}
	if o.Ready != nil {
		if err := o.Ready(names(nss)); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job, 4*o.Workers)
	results := make(chan judged, 4*o.Workers)
	var produced error
	go func() {
		defer close(jobs)
		produced = produce(ctx, l, o, nss, jobs)
		if produced != nil {
			cancel()
		}
	}()
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				d, err := j.ev.Evaluate(ctx, evaluator.Request{Object: j.obj, Operation: admission.Create, Namespace: j.ns})
				results <- judged{job: j, decision: d, err: err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	agg := newAggregator(o.Rules)
	for r := range results {
		agg.add(r)
		prog.judged(r.pod != "" || r.at.Kind == "Pod")
		if o.Observe != nil {
			o.Observe(Judged{Object: r.obj, Namespace: r.ns, Decision: r.decision, Err: r.err, At: r.at})
		}
	}
	if produced != nil {
		return nil, produced
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return nil, err
	}
	res := agg.result(nss, o.Relabel, o.Rules.Prefix)
	res.Elapsed = time.Since(start)
	return res, nil
}

// produce lists the namespaces' objects and queues them: the Namespace
// objects, then every workload kind, then pods. Workloads controlled by a
// listed workload are not judged (their pods are, at the top owner).
func produce(ctx context.Context, l *lister, o Options, nss []*corev1.Namespace, jobs chan<- job) error {
	judgedNS := map[string]*corev1.Namespace{}
	views := map[string]*evaluator.Evaluator{}
	for _, ns := range nss {
		as := ns
		if o.Relabel != nil {
			as = o.Relabel(ns)
		}
		judgedNS[ns.Name] = as
		views[ns.Name] = o.Evaluator
		if !o.direct {
			view, err := o.Evaluator.ForNamespace(as)
			if err != nil {
				return err
			}
			views[ns.Name] = view
		}
		ref := corev1.ObjectReference{APIVersion: "v1", Kind: "Namespace", Name: ns.Name, UID: ns.UID}
		if !send(ctx, jobs, job{obj: asCreated(as.DeepCopy()), ev: o.Evaluator, at: ref}) {
			return ctx.Err()
		}
	}
	scopes := []string{""}
	if !o.Scope.All() {
		scopes = make([]string, len(nss))
		for i, ns := range nss {
			scopes[i] = ns.Name
		}
	}
	own := newOwners()
	reported := map[types.UID]corev1.ObjectReference{}
	for _, k := range append(workloadKinds, pods) {
		for _, namespace := range scopes {
			err := l.each(ctx, k, namespace, "", func(items []k8sruntime.Object) error {
				for _, obj := range items {
					j, ok := place(obj, k, own, reported, judgedNS)
					if ok {
						j.ev = views[j.at.Namespace]
					}
					if ok && !send(ctx, jobs, j) {
						return ctx.Err()
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// place decides where a listed object is reported and makes its job; ok is
// false for objects not judged: workloads a listed workload controls, and
// objects of namespaces out of scope.
func place(obj k8sruntime.Object, k kind, own *owners, reported map[types.UID]corev1.ObjectReference, judgedNS map[string]*corev1.Namespace) (job, bool) {
	m, err := meta.Accessor(obj)
	if err != nil {
		return job{}, false
	}
	ns, inScope := judgedNS[m.GetNamespace()]
	if !inScope {
		return job{}, false
	}
	self := corev1.ObjectReference{APIVersion: k.gvk.GroupVersion().String(), Kind: k.gvk.Kind, Namespace: m.GetNamespace(), Name: m.GetName(), UID: m.GetUID()}
	top := own.top(m)
	if k.resource != "pods" {
		own.add(m)
		if top != "" {
			return job{}, false
		}
		reported[m.GetUID()] = self
		return job{obj: asCreated(obj), ns: ns, at: self}, true
	}
	if at, ok := reported[top]; ok {
		return job{obj: asCreated(obj), ns: ns, at: at, pod: m.GetName()}, true
	}
	return job{obj: asCreated(obj), ns: ns, at: self}, true
}

func send(ctx context.Context, jobs chan<- job, j job) bool {
	select {
	case jobs <- j:
		return true
	case <-ctx.Done():
		return false
	}
}

func names(nss []*corev1.Namespace) []string {
	out := make([]string, len(nss))
	for i, ns := range nss {
		out[i] = ns.Name
	}
	return out
}
