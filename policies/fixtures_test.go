// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"path/filepath"
	"testing"

	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/internal/podfiles"
	"github.com/vapgen/vapgen/internal/psstest"
)

// TestPSAFixtures runs the fixture pods PSA ships for every implemented
// version (v1.30 to v1.37) through the generated policies, in a namespace
// labelled for the fixture's profile and pinned to its version with the
// profile-version label (none for the latest): every pass fixture must be
// admitted and every fail fixture denied, in both layouts.
func TestPSAFixtures(t *testing.T) {
	s := getSuite(t)
	for _, v := range psstest.Versions() {
		t.Run(v.String(), func(t *testing.T) {
			for _, level := range levels {
				fixturesAt(t, s, level, v)
			}
		})
	}
}

func fixturesAt(t *testing.T, s *suite, level api.Level, v api.Version) {
	dir, err := psstest.PSAFixtureDir(level, v)
	if err != nil {
		t.Fatal(err)
	}
	oracle := s.oracleAt(t, v)
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
			name := string(level) + "/" + v.String() + "/" + want + "/" + filepath.Base(p.Path)
			// The oracle agrees with the fixture's folder (a sanity check
			// of the oracle and of the defaulting).
			if psa := oracle.Evaluate(level, psstest.Defaulted(p.Pod)); psa.Allowed != (want == "pass") {
				t.Errorf("%s: PSA says %v", name, psa)
			}
			for _, l := range s.layouts() {
				if d := admitAt(t, l.pods, string(level), v, p.Pod); d.Allowed != (want == "pass") {
					t.Errorf("%s: want %s, the %s policies say %s", name, want, l.name, describe(d))
				}
			}
		}
	}
	t.Logf("%s %s: %d fixtures from %s", level, v, total, dir)
}
