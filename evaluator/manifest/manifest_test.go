// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package manifest

import (
	"fmt"
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
