// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	docs, err := Read("testdata/app.yaml", "testdata/dir")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.Source.String()+" "+d.Object.GetKind()+"/"+d.Object.GetName())
	}
	want := []string{
		"testdata/app.yaml:2:1 Namespace/shop",
		"testdata/app.yaml:14:5 ConfigMap/settings",
		"testdata/app.yaml:19:5 Pod/web",
		"testdata/app.yaml:26:1 ClusterRole/reader",
		"testdata/dir/a.yaml:1:1 ConfigMap/a",
		"testdata/dir/sub/b.json:1:1 ConfigMap/b",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents\n got: %q\nwant: %q", got, want)
	}
}

func TestReadErrors(t *testing.T) {
	docs, err := Read("testdata/bad.yaml")
	want := []string{
		"testdata/bad.yaml:5:1: error: not a Kubernetes object: expected a mapping, got []interface {}",
		"testdata/bad.yaml:11:9: error: invalid YAML: sequence end token ']' not found",
		`testdata/bad.yaml:13:1: error: apiVersion is not set (kind "ConfigMap")`,
		"testdata/bad.yaml:16:1: error: PodList: items is not a list",
	}
	var got []string
	for _, line := range strings.Split(fmt.Sprint(err), "\n") {
		if strings.HasPrefix(line, "testdata/") {
			got = append(got, line)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n got: %v\nwant: %s", err, strings.Join(want, "\n"))
	}
	if len(docs) != 1 || docs[0].Object.GetName() != "ok" {
		t.Errorf("want the one good document, got %d", len(docs))
	}
	if _, err := Read("testdata/missing.yaml"); err == nil || err.Error() != "testdata/missing.yaml: error: no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
}

func TestResources(t *testing.T) {
	docs, err := Read("testdata/app.yaml")
	if err != nil {
		t.Fatal(err)
	}
	resources, err := Resources(docs, "staging")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range resources {
		got = append(got, r.Object.GetName()+" in "+r.Namespace.Name+" env="+r.Namespace.Labels["env"])
	}
	want := []string{"shop in staging env=", "settings in shop env=prod", "web in staging env=", "reader in staging env="}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("resources\n got: %q\nwant: %q", got, want)
	}
	if _, err := Resources(append(docs, docs[0]), ""); err == nil ||
		err.Error() != `testdata/app.yaml:2:1: Namespace "shop" is already defined at testdata/app.yaml:2:1` {
		t.Errorf("duplicate namespace: %v", err)
	}
}

// TestReadDeployed: below a kustomization, a folder with its own
// kustomization that the parent does not list is skipped (like the optional
// reports/ of a generated tree); listed ones, plain folders and paths given
// are read.
func TestReadDeployed(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cm := func(name string) string { return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n" }
	write("kustomization.yaml", "resources:\n- ./listed/\n- plain\n")
	write("top.yaml", cm("top"))
	write("listed/kustomization.yaml", "resources: [a.yaml]\n")
	write("listed/a.yaml", cm("listed"))
	write("plain/b.yaml", cm("plain"))
	write("reports/kustomization.yaml", "resources: [c.yaml]\n")
	write("reports/c.yaml", cm("unlisted"))
	write("reports/cronjob/d.yaml", cm("below-unlisted"))
	names := func(docs []Document) string {
		var out []string
		for _, d := range docs {
			out = append(out, d.Object.GetName())
		}
		return strings.Join(out, ",")
	}
	docs, err := ReadDeployed(root)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(docs), "listed,plain,top"; got != want {
		t.Errorf("ReadDeployed(root) = %s, want %s", got, want)
	}
	docs, err = ReadDeployed(filepath.Join(root, "reports"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(docs), "unlisted,below-unlisted"; got != want {
		t.Errorf("ReadDeployed(root/reports) = %s, want %s", got, want)
	}
	if docs, _ := Read(root); len(docs) != 5 {
		t.Errorf("Read reads every folder: got %s", names(docs))
	}
}
