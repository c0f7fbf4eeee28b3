// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"path/filepath"
	"testing"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/testkit"
)

// TestErrors generates every malformed case under testdata/errors and
// compares the full error report with want.txt.
func TestErrors(t *testing.T) {
	dirs, err := filepath.Glob("testdata/errors/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no error cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			result, problems := generator.Generate(caseOptions(t, dir))
			if result != nil {
				t.Fatalf("generation succeeded, want errors")
			}
			if !problems.HasErrors() {
				t.Fatalf("no error reported")
			}
			testkit.Golden(t, filepath.Join(dir, "want.txt"), []byte(problems.Error()+"\n"), *update)
		})
	}
}
