// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"path/filepath"
	"testing"

	"github.com/vapgen/vapgen/internal/podfiles"
	"github.com/vapgen/vapgen/internal/psstest"
)

// TestPSAFixtures runs the fixture pods PSA ships for v1.35 through the
// generated policies, in a namespace labelled for the fixture's profile:
// every pass fixture must be admitted and every fail fixture denied, in both
// layouts.
func TestPSAFixtures(t *testing.T) {
	s := getSuite(t)
	for _, level := range levels {
		dir, err := psstest.PSAFixtureDir(level)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, want := range []string{"pass", "fail"} {
			pods, err := podfiles.ReadDir(filepath.Join(dir, want))
			if err != nil {
				t.Fatal(err)
			}
			if len(pods) == 0 {
				t.Fatalf("no fixtures in %s", filepath.Join(dir, want))
			}
			total += len(pods)
			for _, p := range pods {
				name := string(level) + "/" + want + "/" + filepath.Base(p.Path)
				// The oracle agrees with the fixture's folder (a sanity check
				// of the oracle and of the defaulting).
				if psa := s.oracle.Evaluate(level, psstest.Defaulted(p.Pod)); psa.Allowed != (want == "pass") {
					t.Errorf("%s: PSA says %v", name, psa)
				}
				for _, l := range s.layouts() {
					if d := admit(t, l.pods, string(level), p.Pod); d.Allowed != (want == "pass") {
						t.Errorf("%s: want %s, the %s policies say %s", name, want, l.name, describe(d))
					}
				}
			}
		}
		t.Logf("%s: %d fixtures from %s", level, total, dir)
	}
}
