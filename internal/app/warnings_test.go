// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"strings"
	"testing"
)

func TestGeneratePrintsWarnings(t *testing.T) {
	code, _, stderr := run(t, "generate", "--policies", "testdata/warnings.yaml", "--overlays", t.TempDir(), "--out", t.TempDir(), "--skip-unsupported")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		`testdata/warnings.yaml:19:52: warning: policy "containers" rule "no-host-ports": found no matching overload for '_+_'`,
		"\n   19 |             - expression: ",
		`testdata/warnings.yaml:27:9: warning: policy "containers" rule "pattern": cannot be expressed as a ValidatingAdmissionPolicy: validate.pattern`,
		"vapgen: skipped 1 rule (--skip-unsupported)\n",
		" with 2 warnings\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestGenerateStrict(t *testing.T) {
	code, _, stderr := run(t, "generate", "--policies", "testdata/warnings.yaml", "--overlays", t.TempDir(), "--out", t.TempDir(), "--skip-unsupported", "--strict")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitInvalid, stderr)
	}
	for _, want := range []string{
		`testdata/warnings.yaml:19:52: error: policy "containers" rule "no-host-ports": found no matching overload for '_+_'`,
		"vapgen: 1 error; nothing was written\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestGenerateCountsSkippedExceptions(t *testing.T) {
	code, _, stderr := run(t, "generate", "--config", "../../generator/testdata/golden/policyexceptions/vapgen.yaml", "--overlays", t.TempDir(), "--out", t.TempDir())
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		`warning: PolicyException "by-condition": not applied: the policies it names are enforced without this exception`,
		"vapgen: skipped 1 PolicyException (--skip-unsupported)\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}
