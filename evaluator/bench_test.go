// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	psaapi "k8s.io/pod-security-admission/api"
	psapolicy "k8s.io/pod-security-admission/policy"
)

// benchPods returns the restricted 3-container pod (init, app, sidecar) and
// a 50-container pod built from it (1 init container, 49 containers).
func benchPods(b *testing.B) map[string]*unstructured.Unstructured {
	small := fixture(b, "pod-restricted")
	large := small.DeepCopy()
	containers, _, _ := unstructured.NestedSlice(large.Object, "spec", "containers")
	var many []interface{}
	for i := 0; len(many) < 49; i++ {
		c := runtime.DeepCopyJSONValue(containers[i%len(containers)]).(map[string]interface{})
		c["name"] = fmt.Sprintf("%s-%d", c["name"], i)
		many = append(many, c)
	}
	if err := unstructured.SetNestedSlice(large.Object, many, "spec", "containers"); err != nil {
		b.Fatal(err)
	}
	return map[string]*unstructured.Unstructured{"3-containers": small, "50-containers": large}
}

// BenchmarkEvaluate: 19 restricted-level policies (testdata/restricted),
// all matching and passing, through the fast and the exact path, and the
// same pods through the pod security admission library at 1.35 restricted.
func BenchmarkEvaluate(b *testing.B) {
	pods := benchPods(b)
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"vap-fast", nil}, {"vap-exact", []Option{Exact()}}} {
		e := newEvaluator(b, []string{"testdata/restricted"}, mode.opts...)
		for _, size := range []string{"3-containers", "50-containers"} {
			req := Request{Object: pods[size]}
			if d := evaluate(b, e, req); !d.Allowed || len(d.Results) != 19 {
				b.Fatalf("want 19 passing results, got allowed=%v, %d results: %s", d.Allowed, len(d.Results), d.Message)
			}
			b.Run(mode.name+"/"+size, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := e.Evaluate(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}

	psa, err := psapolicy.NewEvaluator(psapolicy.DefaultChecks(), nil)
	if err != nil {
		b.Fatal(err)
	}
	level := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psaapi.MajorMinorVersion(1, 35)}
	for _, size := range []string{"3-containers", "50-containers"} {
		pod := &corev1.Pod{}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(pods[size].Object, pod); err != nil {
			b.Fatal(err)
		}
		kubeScheme().Default(pod)
		if !psapolicy.AggregateCheckResults(psa.EvaluatePod(level, &pod.ObjectMeta, &pod.Spec)).Allowed {
			b.Fatalf("PSA denies the %s pod", size)
		}
		b.Run("psa/"+size, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				psa.EvaluatePod(level, &pod.ObjectMeta, &pod.Spec)
			}
		})
	}
}
