// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMalformedYAML: a malformed policy or input is reported once, at the
// line and column of the problem, quoting that line.
func TestMalformedYAML(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policies", "p.yaml")
	input := filepath.Join(dir, "pod.yaml")
	for file, content := range map[string]string{
		policy: "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata:\n  name: x\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Pod]}}]}\n      validate:\n        message: [m\n",
		input:  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: [i\n",
	} {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"generate", []string{"generate", "--policies", filepath.Dir(policy), "--overlays", t.TempDir(), "--out", filepath.Join(dir, "out")}, ExitInvalid,
			policy + ":10:18: error: invalid YAML: sequence end token ']' not found\n   10 |         message: [m\n      |                  ^\nvapgen: 1 error; nothing was written\n"},
		{"check", []string{"check", "--manifests", "../../manifests", input}, ExitUsage,
			"vapgen: " + input + ":8:12: error: invalid YAML: sequence end token ']' not found\n    8 |     image: [i\n      |            ^\n"},
	} {
		code, _, stderr := run(t, tc.args...)
		if code != tc.code || stderr != tc.stderr {
			t.Errorf("%s: exit %d, stderr\n%s\nwant exit %d, stderr\n%s", tc.name, code, stderr, tc.code, tc.stderr)
		}
	}
}
