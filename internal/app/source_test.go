// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourceIndependentOfWorkingDirectory: vapgen.io/source names a policy
// file from its policy folder, so the same config generates the same bytes
// wherever vapgen runs. Not parallel: it changes the working directory.
func TestSourceIndependentOfWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"conf", "pol/baseline", "elsewhere"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "pol/baseline/valid.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "conf", "vapgen.yaml")
	if err := os.WriteFile(cfg, []byte("apiVersion: vapgen.io/v1alpha1\nkind: Config\npolicies: [../pol]\nout: \"-\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pol := filepath.Join(dir, "pol")
	var first string
	for _, tc := range []struct {
		cwd  string
		args []string
	}{
		{dir, []string{"--config", "conf/vapgen.yaml"}},
		{filepath.Join(dir, "conf"), []string{"--config", "vapgen.yaml"}},
		{filepath.Join(dir, "elsewhere"), []string{"--config", cfg}},
		{"/", []string{"--config", cfg}},
		{dir, []string{"--policies", "pol", "--out", "-"}},
		{filepath.Join(dir, "pol/baseline"), []string{"--policies", pol, "--out", "-"}},
	} {
		t.Chdir(tc.cwd)
		code, stdout, stderr := run(t, append([]string{"generate", "--overlays", dir}, tc.args...)...)
		if code != ExitOK {
			t.Fatalf("in %s, %v: exit %d, stderr:\n%s", tc.cwd, tc.args, code, stderr)
		}
		if !strings.Contains(stdout, "\n    vapgen.io/source: pol/baseline/valid.yaml\n") {
			t.Errorf("in %s, %v: no vapgen.io/source: pol/baseline/valid.yaml in\n%s", tc.cwd, tc.args, stdout)
		}
		if first == "" {
			first = stdout
		} else if stdout != first {
			t.Errorf("in %s, %v: the output differs from the first run's", tc.cwd, tc.args)
		}
	}
}
