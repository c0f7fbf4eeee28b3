// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"encoding/json"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/internal/diag"
)

func TestParseErrorsAtTheProblem(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // position and message
	}{
		{"unclosed flow mapping", "a: 1\nb: {c: d\ne: f\n", "f.yaml:3:1: error: invalid YAML: ',' or '}' must be specified"},
		{"tab indentation", "a:\n\tb: 1\n", "f.yaml:2:1: error: invalid YAML: found character '\t' that cannot start any token"},
		{"unterminated string", "a: \"open\nb: 1\n", "f.yaml:1:4: error: invalid YAML: could not find end character of double-quoted text"},
		{"sequence in a mapping", "a:\n  - x\n  y: 2\n", "f.yaml:3:3: error: invalid YAML: value is not allowed in this context"},
		{"second document", "a: 1\n---\nb: [1\n", "f.yaml:3:4: error: invalid YAML: sequence end token ']' not found"},
		{"separator with content", "a: 1\n--- b\n", `f.yaml:2: error: invalid document separator: "--- b" (only a comment may follow ---)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, problems := Parse("f.yaml", []byte(tc.src))
			if len(problems) != 1 {
				t.Fatalf("problems %v, want one", problems)
			}
			got := problems[0].String()
			if first, _, _ := strings.Cut(got, "\n"); first != tc.want {
				t.Errorf("got  %s\nwant %s", first, tc.want)
			}
		})
	}
}

func TestParseDocuments(t *testing.T) {
	src := "# leading comment\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: ns\n--- # separator comment\n# only a comment\n---\nnull\n---\nkind: X\n"
	docs, problems := Parse("f.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	if d := docs[0]; d.Index != 0 || d.APIVersion != "v1" || d.Kind != "Pod" || d.Name != "a" || d.Namespace != "ns" || d.Pos().Line != 3 {
		t.Errorf("first document %+v at %v", d, d.Pos())
	}
	if d := docs[1]; d.Index != 1 || d.Kind != "X" || d.Pos() != (diag.Position{File: "f.yaml", Line: 13, Column: 1}) {
		t.Errorf("second document %+v at %v", d, d.Pos())
	}
	if got := docs[0].Locate("metadata.namespace"); got.Line != 7 || got.Column != 14 {
		t.Errorf("metadata.namespace at %v", got)
	}
}

func TestLocate(t *testing.T) {
	src := "metadata:\n  annotations:\n    a.b/c: x\n  labels: {app: web}\nspec:\n  rules:\n    - name: r\n      map:\n        k1:\n          v: 1\n"
	docs, problems := Parse("f.yaml", []byte(src))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	d := docs[0]
	for path, want := range map[string]string{
		"metadata.annotations[a.b/c]":  "f.yaml:3:12", // a map key, as field.Path.Key renders it
		"metadata.labels[app]":         "f.yaml:4:17",
		"metadata.labels.app":          "f.yaml:4:17",
		"spec.rules[0].name":           "f.yaml:7:13",
		"spec.rules[0]":                "f.yaml:7:7",
		"spec.rules":                   "f.yaml:6:3", // a list: its key
		"spec.rules[0].map[k1].v":      "f.yaml:10:14",
		"spec.rules[0].missing":        "f.yaml:7:7", // nearest existing parent
		"spec.rules[3].name":           "f.yaml:6:3",
		"nothing.here":                 "f.yaml:1:1",
		"metadata.annotations[x.y/z]":  "f.yaml:2:3",
		"spec.rules[0].map[k1].v.deep": "f.yaml:10:14",
	} {
		if got := d.Locate(path).String(); got != want {
			t.Errorf("Locate(%s) = %s, want %s", path, got, want)
		}
	}
}

type decodeTarget struct {
	Name     string            `json:"name"`
	Enabled  bool              `json:"enabled,omitempty"`
	Count    int32             `json:"count,omitempty"`
	Version  string            `json:"version,omitempty"`
	Labels   map[string]string `json:"labels,omitempty"`
	Items    []decodeItem      `json:"items,omitempty"`
	Raw      json.RawMessage   `json:"raw,omitempty"`
	Created  metav1.Time       `json:"created,omitempty"`
	Embedded `json:",inline"`
}

type Embedded struct {
	Extra string `json:"extra,omitempty"`
}

type decodeItem struct {
	Key string `json:"key"`
}

func TestDecode(t *testing.T) {
	src := "name: off\nenabled: on\ncount: 0x10\nversion: 1.30\nlabels: {a: 'b', c: 1}\nitems: [{key: k}]\nraw: {x: off}\nextra: e\n"
	docs, _ := Parse("f.yaml", []byte(src))
	var got decodeTarget
	if errs := docs[0].Decode(&got); len(errs) > 0 {
		t.Fatal(errs)
	}
	want := decodeTarget{Name: "off", Enabled: true, Count: 16, Version: "1.30", Labels: map[string]string{"a": "b", "c": "1"},
		Items: []decodeItem{{Key: "k"}}, Raw: json.RawMessage(`{"x":false}`), Embedded: Embedded{Extra: "e"}}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got  %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestDecodeErrors(t *testing.T) {
	src := "name: a\nnmae: b\nenabled: maybe\ncount: [1]\nlabels: {a: b, a: c}\nitems: {key: k}\ncreated: yesterday\nitems2: []\nname: again\n"
	docs, _ := Parse("f.yaml", []byte(src))
	var got decodeTarget
	errs := docs[0].Decode(&got)
	var lines []string
	for _, d := range docs[0].Diagnostics(diag.Error, "", errs) {
		first, _, _ := strings.Cut(d.String(), "\n")
		lines = append(lines, first)
	}
	want := []string{
		`f.yaml:2:1: error: nmae: unknown field (did you mean "name"?)`,
		`f.yaml:3:10: error: enabled: must be true or false, got maybe`,
		`f.yaml:4:1: error: count: must be an integer, got <list>`,
		`f.yaml:5:16: error: labels[a]: duplicate key "a"`,
		`f.yaml:6:1: error: items: must be a list, got <mapping>`,
		`f.yaml:7:10: error: created: Invalid value: "yesterday": parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"`,
		`f.yaml:8:1: error: items2: unknown field (did you mean "items"?)`,
		`f.yaml:9:1: error: name: duplicate key "name"`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if got.Name != "" {
		t.Errorf("decoded %+v despite errors", got)
	}
}

func TestJSONLikeKubectl(t *testing.T) {
	docs, _ := Parse("f.yaml", []byte("a: off\nb: 'off'\nc: 1.30\n"))
	data, err := docs[0].JSON()
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `{"a":false,"b":"off","c":1.3}` {
		t.Errorf("JSON = %s", data)
	}
}
