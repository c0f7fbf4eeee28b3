// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLoadSource: File.Source names a file from the folder it was found
// under (that folder's name first), or with its own folder when given by
// itself, however the path was spelled; File.Path is what messages show.
func TestLoadSource(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "policies", "baseline"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "policies", "baseline", "p.yaml")
	if err := os.WriteFile(file, []byte("a: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := Walk{Extensions: []string{".yaml"}, Root: dir}
	for _, tc := range []struct{ root, source, path string }{
		{filepath.Join(dir, "policies"), "policies/baseline/p.yaml", "policies/baseline/p.yaml"},
		{filepath.Join(dir, "policies", ".", "baseline", ".."), "policies/baseline/p.yaml", "policies/baseline/p.yaml"},
		{filepath.Join(dir, "policies", "baseline"), "baseline/p.yaml", "policies/baseline/p.yaml"},
		{file, "baseline/p.yaml", "policies/baseline/p.yaml"},
	} {
		docs, problems := w.Load(nil, tc.root)
		if len(problems) > 0 || len(docs) != 1 {
			t.Fatalf("%s: %d documents, problems %v", tc.root, len(docs), problems)
		}
		if f := docs[0].File; f.Source != tc.source || f.Path != tc.path {
			t.Errorf("%s: Source %q, Path %q; want %q, %q", tc.root, f.Source, f.Path, tc.source, tc.path)
		}
	}
}
