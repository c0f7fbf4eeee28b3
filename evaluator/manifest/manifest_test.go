package manifest

import (
	"errors"
	"io/fs"
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
		"testdata/app.yaml: document 1 (line 2) Namespace/shop",
		"testdata/app.yaml: document 2 (line 11), item 1 ConfigMap/settings",
		"testdata/app.yaml: document 2 (line 11), item 2 Pod/web",
		"testdata/app.yaml: document 3 (line 26) ClusterRole/reader",
		"testdata/dir/a.yaml: document 1 (line 1) ConfigMap/a",
		"testdata/dir/sub/b.json: document 1 (line 1) ConfigMap/b",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents\n got: %q\nwant: %q", got, want)
	}
}

func TestReadErrors(t *testing.T) {
	docs, err := Read("testdata/bad.yaml")
	want := strings.Join([]string{
		"testdata/bad.yaml: document 2 (line 5): not a Kubernetes object: expected a mapping, got []interface {}",
		"testdata/bad.yaml: document 3 (line 8): invalid YAML: yaml: line 11: did not find expected ',' or ']'",
		`testdata/bad.yaml: document 4 (line 13): apiVersion is not set (kind "ConfigMap")`,
		"testdata/bad.yaml: document 5 (line 16): PodList: items is not a list",
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("errors\n got: %v\nwant: %s", err, want)
	}
	if len(docs) != 1 || docs[0].Object.GetName() != "ok" {
		t.Errorf("want the one good document, got %d", len(docs))
	}
	if _, err := Read("testdata/missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
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
		err.Error() != `testdata/app.yaml: document 1 (line 2): Namespace "shop" is already defined at testdata/app.yaml: document 1 (line 2)` {
		t.Errorf("duplicate namespace: %v", err)
	}
}
