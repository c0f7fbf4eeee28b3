// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"fmt"
	"testing"

	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/internal/psstest"
)

// BenchmarkAdmission compares the generated policies (through the API
// server's VAP code) with PSA itself on compliant pods of a few sizes.
func BenchmarkAdmission(b *testing.B) {
	s := getSuite(b)
	for _, n := range []int{3, 50} {
		pod := psstest.LargePod(n, false)
		def := psstest.Defaulted(pod)
		for _, level := range levels {
			b.Run(fmt.Sprintf("vap/%s/%d-containers", level, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if d := admit(b, s.pods, string(level), pod); !d.Allowed {
						b.Fatal(describe(d))
					}
				}
			})
			b.Run(fmt.Sprintf("psa/%s/%d-containers", level, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if v := s.oracle.Evaluate(api.Level(level), def); !v.Allowed {
						b.Fatal(v)
					}
				}
			})
		}
	}
}
