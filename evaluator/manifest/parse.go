package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// Source says where a document comes from.
type Source struct {
	File  string
	Index int // 1-based among the non-empty documents of the file
	Line  int // line of the document's first content in the file
	Item  int // 1-based position in the items of a List document; 0 otherwise
}

func (s Source) String() string {
	out := fmt.Sprintf("%s: document %d (line %d)", s.File, s.Index, s.Line)
	if s.Item > 0 {
		out += fmt.Sprintf(", item %d", s.Item)
	}
	return out
}

// Document is one Kubernetes object read from a manifest.
type Document struct {
	Source Source
	// Object holds the document with JSON types (integers as int64).
	Object *unstructured.Unstructured
	// JSON is the document (or the List item) as JSON, for strict decoding.
	JSON []byte
}

var yamlLine = regexp.MustCompile(`\bline (\d+)\b`)

// Parse splits a multi-document YAML (or JSON) file. Empty documents are
// skipped. Lists (a kind ending in "List" with items) are expanded to their
// items. Every error names the file, the document and its first line; the
// good documents are returned along with the errors.
func Parse(file string, data []byte) ([]Document, error) {
	var docs []Document
	var errs []error
	index := 0
	for _, chunk := range split(data) {
		if isBlank(chunk.text) {
			continue
		}
		index++
		src := Source{File: file, Index: index, Line: chunk.line}
		jsonData, err := yaml.YAMLToJSONStrict(chunk.text)
		if err != nil {
			// Report YAML line numbers relative to the file, not the document.
			msg := yamlLine.ReplaceAllStringFunc(err.Error(), func(m string) string {
				n, _ := strconv.Atoi(strings.TrimPrefix(m, "line "))
				return "line " + strconv.Itoa(n+chunk.start-1)
			})
			errs = append(errs, fmt.Errorf("%s: invalid YAML: %s", src, msg))
			continue
		}
		obj, err := decode(jsonData)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", src, err))
			continue
		}
		items, isList, err := listItems(obj)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", src, err))
			continue
		}
		if !isList {
			docs = append(docs, Document{Source: src, Object: obj, JSON: jsonData})
			continue
		}
		for i, item := range items {
			src.Item = i + 1
			itemJSON, err := json.Marshal(item)
			if err == nil {
				obj, err = decode(itemJSON)
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", src, err))
				continue
			}
			docs = append(docs, Document{Source: src, Object: obj, JSON: itemJSON})
		}
	}
	return docs, errors.Join(errs...)
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

type chunk struct {
	text  []byte
	start int // line of the chunk's first line
	line  int // line of its first content (not blank, not a comment)
}

// split cuts a stream at "---" lines, as k8s.io/apimachinery's YAMLReader
// does, remembering where each document starts.
func split(data []byte) []chunk {
	var chunks []chunk
	cur := chunk{start: 1}
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i, line := range lines {
		if bytes.HasPrefix(line, []byte("---")) && len(bytes.TrimSpace(line[3:])) == 0 {
			chunks = append(chunks, cur)
			cur = chunk{start: i + 2}
			continue
		}
		if trimmed := bytes.TrimSpace(line); cur.line == 0 && len(trimmed) > 0 && trimmed[0] != '#' {
			cur.line = i + 1
		}
		cur.text = append(cur.text, line...)
	}
	return append(chunks, cur)
}

// isBlank reports whether a document holds only comments and white space.
func isBlank(text []byte) bool {
	for _, line := range bytes.Split(text, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' {
			return false
		}
	}
	return true
}
