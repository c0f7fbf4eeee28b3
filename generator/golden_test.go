// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
	"github.com/vapgen/vapgen/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// caseOptions are the options of a test case: its vapgen.yaml, paths
// relative to the case's folder, as `vapgen generate --config` reads it.
func caseOptions(t *testing.T, dir string) generator.Options {
	t.Helper()
	opts, err := testkit.Options(filepath.Join(dir, "vapgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// TestGolden generates every case under testdata/golden and compares the
// stream and the warnings with want.yaml and want.txt.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			result, problems := generator.Generate(caseOptions(t, dir))
			if result == nil {
				t.Fatalf("generation failed:\n%s", problems.Error())
			}
			stream, err := output.Stream(result)
			if err != nil {
				t.Fatal(err)
			}
			testkit.Golden(t, filepath.Join(dir, "want.yaml"), stream, *update)
			testkit.Golden(t, filepath.Join(dir, "want.txt"), []byte(warningsText(result)), *update)
		})
	}
}

func warningsText(r *generator.Result) string {
	if len(r.Warnings) == 0 {
		return ""
	}
	return r.Warnings.Error() + "\n"
}
