// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// benchSpec is the restricted 3-container pod of bench/audit.
func benchSpec(bad bool) corev1.PodSpec {
	s := restrictedSpec()
	s.InitContainers = []corev1.Container{s.Containers[0]}
	s.InitContainers[0].Name = "init"
	side := s.Containers[0]
	side.Name = "sidecar"
	if bad {
		side.SecurityContext = nil
	}
	s.Containers = append(s.Containers, side)
	return s
}

// BenchmarkAudit audits 2,000 pods in 20 namespaces of a fake cluster, as if
// labelled restricted, with each shipped layout. It reports pods/s (the
// fake clientset costs less than a real API server's lists).
func BenchmarkAudit(b *testing.B) {
	const pods, namespaces = 2000, 20
	var objs []runtime.Object
	for i := range namespaces {
		objs = append(objs, namespace(fmt.Sprintf("ns-%02d", i)))
	}
	for i := range pods {
		objs = append(objs, pod(fmt.Sprintf("ns-%02d", i%namespaces), fmt.Sprintf("web-%05d", i), benchSpec(i%10 == 0), nil, ""))
	}
	for _, layout := range layouts {
		b.Run(layout, func(b *testing.B) {
			ev, rules := shipped(b, layout)
			c := cluster(objs...)
			for b.Loop() {
				res, err := Audit(context.Background(), Options{Clients: c, Evaluator: ev, Rules: rules, Relabel: WithProfile(prefix, "restricted")})
				if err != nil || res.Pods != pods {
					b.Fatalf("audit: %v, %d pods", err, res.Pods)
				}
			}
			b.ReportMetric(float64(pods*b.N)/b.Elapsed().Seconds(), "pods/s")
		})
	}
}
