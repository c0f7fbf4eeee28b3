// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/internal/podfiles"
	"github.com/vapgen/vapgen/internal/psstest"
)

// TestPolicyTestdata checks every policy's own example pods
// (testdata/good, testdata/bad):
//   - a good pod is admitted by the policy's VAPs and by every policy of its
//     profile in a namespace labelled for it, and PSA allows it at that level;
//   - a bad pod is denied by the policy's VAP, with a message that names the
//     VAP, PSA's check for the policy fails on it, and PSA denies it at the
//     policy's level;
//   - every file says in a comment what it exercises, and the API server's
//     own validation accepts the pod, so end-to-end suites can reuse it,
//     unless a comment line starts with podfiles.RejectedMarker (then
//     validation must reject it: the verdict cannot be seen on a real
//     API server, and end-to-end suites should skip the file).
func TestPolicyTestdata(t *testing.T) {
	s := getSuite(t)
	dirs, err := psstest.PolicyDirs(".")
	if err != nil {
		t.Fatal(err)
	}
	total := map[string]int{}
	rejected := 0
	for _, pd := range dirs {
		units := s.unitsOf(pd.Name)
		if len(units) == 0 {
			t.Errorf("%s: no ValidatingAdmissionPolicy generated from it", pd.Dir)
			continue
		}
		level := api.Level(pd.Profile)
		for _, kind := range []string{"good", "bad"} {
			pods, err := podfiles.ReadDir(filepath.Join(pd.Dir, "testdata", kind))
			if err != nil {
				t.Fatal(err)
			}
			if len(pods) == 0 {
				t.Errorf("%s: no testdata/%s pods", pd.Dir, kind)
			}
			total[kind] += len(pods)
			for _, p := range pods {
				name := p.Path
				if p.Comment == "" {
					t.Errorf("%s: no comment saying what the pod exercises", name)
				}
				switch err := psstest.ValidateCreate(p.Pod); {
				case p.Rejected && err == nil:
					t.Errorf("%s: marked as rejected by API validation, but validation accepts it", name)
				case p.Rejected:
					rejected++
				case err != nil:
					t.Errorf("%s: the API server would reject this pod before admission (mark it with %q if that is the point): %v", name, podfiles.RejectedMarker, err)
				}
				psa := s.oracle.Evaluate(level, psstest.Defaulted(p.Pod))
				if kind == "good" {
					if !psa.Allowed {
						t.Errorf("%s: PSA %s says %v", name, level, psa)
					}
					for _, u := range units {
						if d := admit(t, s.single[u.Name], pd.Profile, p.Pod); !d.Allowed {
							t.Errorf("%s: %s", name, describe(d))
						}
					}
					if d := admit(t, s.all, pd.Profile, p.Pod); !d.Allowed {
						t.Errorf("%s: the %s profile's policies: %s", name, pd.Profile, describe(d))
					}
					continue
				}
				if psa.Allowed {
					t.Errorf("%s: PSA %s allows it", name, level)
				}
				deniedBy := 0
				for _, u := range units {
					checkFails := false
					for _, id := range psaChecks(u) {
						r, err := s.oracle.Check(id, psstest.Defaulted(p.Pod))
						if err != nil {
							t.Fatal(err)
						}
						checkFails = checkFails || !r.Allowed
					}
					d := admit(t, s.single[u.Name], pd.Profile, p.Pod)
					if d.Allowed == checkFails {
						t.Errorf("%s: PSA check %v allowed=%v, policy %s: %s", name, psaChecks(u), !checkFails, u.Name, describe(d))
					}
					if !d.Allowed {
						deniedBy++
						if want := "ValidatingAdmissionPolicy '" + u.Name + "'"; !strings.Contains(d.Message, want) {
							t.Errorf("%s: denial message does not name %s: %s", name, want, d.Message)
						}
						t.Logf("%s: %s", strings.TrimPrefix(name, pd.Dir+string(os.PathSeparator)), d.Message)
					}
				}
				if deniedBy == 0 {
					t.Errorf("%s: no policy of %s denies it", name, pd.Name)
				}
			}
		}
	}
	t.Logf("%d policies (%d VAPs), %d good and %d bad pods; %d marked as rejected by API validation",
		len(dirs), len(s.units), total["good"], total["bad"], rejected)
}
