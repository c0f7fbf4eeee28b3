// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package manifest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"

	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Source says where an object was read: its file, line and column (of the
// document, or of the item of a List).
type Source = diag.Position

// Document is one Kubernetes object read from a manifest.
type Document struct {
	Source Source
	// Object holds the document with JSON types (integers as int64).
	Object *unstructured.Unstructured
	// JSON is the document (or the List item) as JSON.
	JSON []byte

	doc  *yamldoc.Document
	node *yaml.Node
	at   *field.Path
}

// Decode decodes the object into a Go type strictly, as the API server does
// with fieldValidation=Strict (kubectl's default): case-sensitive, unknown
// and duplicate fields and values of the wrong type are errors, each at its
// file:line:col (a diag.List).
func (d Document) Decode(v any) error {
	errs := d.doc.DecodeNode(d.node, d.at, v)
	if len(errs) == 0 {
		return nil
	}
	return d.doc.Diagnostics(diag.Error, "", errs)
}

// Parse splits a multi-document YAML (or JSON) file. Empty documents are
// skipped. Lists (a kind ending in "List" with items) are expanded to their
// items. Every error is at file:line:col; the good documents are returned
// along with the errors.
func Parse(file string, data []byte) ([]Document, error) {
	docs, problems := yamldoc.Parse(file, data)
	return documents(docs, problems)
}

// documents converts parsed documents to objects as kubectl does. The
// error, when not nil, is the diag.List of every problem, sorted.
func documents(docs []*yamldoc.Document, problems diag.List) ([]Document, error) {
	var out []Document
	for _, doc := range docs {
		fail := func(at diag.Position, err error) {
			problems = append(problems, doc.Diagnostic(diag.Error, at, "", err.Error()))
		}
		src := doc.Pos()
		jsonData, err := doc.JSON()
		if err != nil {
			fail(src, fmt.Errorf("invalid YAML: %w", err))
			continue
		}
		obj, err := decode(jsonData)
		if err != nil {
			fail(src, err)
			continue
		}
		items, isList, err := listItems(obj)
		switch {
		case err != nil:
			fail(src, err)
		case !isList:
			out = append(out, Document{Source: src, Object: obj, JSON: jsonData, doc: doc, node: doc.Root})
		default:
			for i, item := range items {
				at := field.NewPath("items").Index(i)
				itemSrc := doc.Locate(at.String())
				itemJSON, err := json.Marshal(item)
				if err == nil {
					obj, err = decode(itemJSON)
				}
				if err != nil {
					fail(itemSrc, err)
					continue
				}
				out = append(out, Document{Source: itemSrc, Object: obj, JSON: itemJSON, doc: doc, node: doc.Node(at.String()), at: at})
			}
		}
	}
	if len(problems) == 0 {
		return out, nil
	}
	problems.Sort()
	return out, problems
}

// decode reads a JSON object the way the API server does (case-sensitive,
// integers kept as int64) and checks that it names its apiVersion and kind.
func decode(data []byte) (*unstructured.Unstructured, error) {
	var content interface{}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(data, &content); err != nil {
		return nil, err
	}
	m, ok := content.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("not a Kubernetes object: expected a mapping, got %T", content)
	}
	obj := &unstructured.Unstructured{Object: m}
	apiVersion, _ := m["apiVersion"].(string)
	kind, _ := m["kind"].(string)
	switch {
	case apiVersion == "" && kind == "":
		return nil, errors.New("apiVersion and kind are not set")
	case apiVersion == "":
		return nil, fmt.Errorf("apiVersion is not set (kind %q)", kind)
	case kind == "":
		return nil, fmt.Errorf("kind is not set (apiVersion %q)", apiVersion)
	}
	return obj, nil
}

// listItems returns the items of a List document.
func listItems(obj *unstructured.Unstructured) ([]interface{}, bool, error) {
	if !strings.HasSuffix(obj.GetKind(), "List") {
		return nil, false, nil
	}
	raw, ok := obj.Object["items"]
	if !ok {
		return nil, false, nil
	}
	items, ok := raw.([]interface{})
	if !ok && raw != nil {
		return nil, true, fmt.Errorf("%s: items is not a list", obj.GetKind())
	}
	return items, true, nil
}
