// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"sync"
	"testing"

	"k8s.io/apiserver/pkg/admission"
)

func TestRequestErrors(t *testing.T) {
	e := newEvaluator(t, []string{"testdata/features"})
	pod := fixture(t, "pod-no-team")
	inOtherNamespace := pod.DeepCopy()
	inOtherNamespace.SetNamespace("elsewhere")
	noKind := pod.DeepCopy()
	noKind.SetKind("")
	for _, tc := range []struct {
		name string
		req  Request
		want string
	}{
		{"no object", Request{}, "CREATE needs Object and no OldObject"},
		{"update without old object", Request{Object: pod, Operation: admission.Update}, "UPDATE needs Object and OldObject"},
		{"delete with object", Request{Object: pod, OldObject: pod, Operation: admission.Delete}, "DELETE needs OldObject (the object deleted) and no Object"},
		{"connect", Request{Object: pod, Operation: admission.Connect}, `operation "CONNECT" is not supported`},
		{"no kind", Request{Object: noKind}, "object has no apiVersion or kind"},
		{"kind changes", Request{Object: pod, OldObject: fixture(t, "configmap-plain")}, "OldObject is not a /v1, Kind=Pod"},
		{"namespace mismatch", Request{Object: inOtherNamespace, Namespace: feature("selectors")}, "the namespace of the provided object does not match the namespace sent on the request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Evaluate(context.Background(), tc.req)
			if err == nil || err.Error() != tc.want {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
}

// TestConcurrentUse evaluates from many goroutines (run with -race) and
// checks every decision equals the sequential one.
func TestConcurrentUse(t *testing.T) {
	e := newEvaluator(t, []string{"testdata/features", "testdata/restricted"})
	var reqs []Request
	for _, name := range []string{"pod-no-team", "pod-team", "pod-host-network", "pod-restricted", "deployment-5-replicas", "configmap-plain"} {
		for _, f := range []string{"selectors", "warn", "audit", "param-found", "failure-fail", "defaulting"} {
			reqs = append(reqs, Request{Object: fixture(t, name), Namespace: feature(f)})
		}
	}
	want := make([]Decision, len(reqs))
	for i, r := range reqs {
		want[i] = evaluate(t, e, r)
	}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, r := range reqs {
				d, err := e.Evaluate(context.Background(), r)
				if err != nil {
					t.Error(err)
					return
				}
				sameDecision(t, d, want[i])
			}
		}()
	}
	wg.Wait()
}
