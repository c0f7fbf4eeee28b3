// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriteTreeReplacesStaleFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "manifests")
	first := []File{
		{Path: "kustomization.yaml", Content: kustomization([]string{"baseline"})},
		{Path: "baseline/kustomization.yaml", Content: kustomization([]string{"old.yaml"})},
		{Path: "baseline/old.yaml", Content: []byte(Header + "old\n")},
	}
	if err := WriteTree(out, first); err != nil {
		t.Fatal(err)
	}
	second := []File{
		{Path: "kustomization.yaml", Content: kustomization([]string{"restricted"})},
		{Path: "restricted/kustomization.yaml", Content: kustomization([]string{"new.yaml"})},
		{Path: "restricted/new.yaml", Content: []byte(Header + "new\n")},
	}
	if err := WriteTree(out, second); err != nil {
		t.Fatal(err)
	}
	got := readTree(t, out)
	if len(got) != 3 || got["restricted/new.yaml"] != Header+"new\n" {
		t.Fatalf("tree after rewrite = %v, want exactly the second set of files", got)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".manifests.*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary directories left behind: %v", leftovers)
	}
}

func TestWriteTreeRefusesForeignDirectory(t *testing.T) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteTree(out, []File{{Path: "kustomization.yaml", Content: kustomization(nil)}})
	if err == nil || !strings.Contains(err.Error(), "which vapgen did not write; refusing to replace the directory") {
		t.Fatalf("WriteTree over a foreign directory: err = %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "notes.txt")); string(data) != "mine" {
		t.Error("the foreign directory was modified")
	}
}

func TestWriteTreeLeavesOldTreeOnFailure(t *testing.T) {
	out := filepath.Join(t.TempDir(), "manifests")
	if err := WriteTree(out, []File{{Path: "kustomization.yaml", Content: kustomization(nil)}}); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	// "a" is written as a file, so "a/b" cannot be created.
	bad := []File{{Path: "a", Content: []byte("a")}, {Path: "a/b", Content: []byte("b")}}
	if err := WriteTree(out, bad); err == nil {
		t.Fatal("WriteTree with an impossible path succeeded")
	}
	if after := readTree(t, out); len(after) != len(before) || after["kustomization.yaml"] != before["kustomization.yaml"] {
		t.Errorf("tree changed after a failed write: %v", after)
	}
}
