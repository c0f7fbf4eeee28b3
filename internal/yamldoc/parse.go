// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/internal/diag"
)

// File is one input file (or standard input).
type File struct {
	// Path is the file as messages show it (relative to the working
	// directory when below it).
	Path string
	// Source is the file as generated output names it, the same wherever
	// vapgen runs: for a file found under a folder given to Walk.Load, its
	// path from that folder's parent (the folder's own name first); for a
	// file given itself, its folder's name and its own; else Path.
	Source string
	lines  []string
}

// Line is the text of a 1-based line of the file, "" when out of range.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.lines) {
		return ""
	}
	return f.lines[n-1]
}

// Document is one YAML document of a file.
type Document struct {
	File *File
	// Index is the 0-based position of the document among the file's
	// non-empty documents.
	Index int
	// Root is the document's top node; positions are those in the file.
	Root *yaml.Node
	// APIVersion, Kind, Name and Namespace are read from a mapping's
	// apiVersion, kind and metadata; empty when unset.
	APIVersion, Kind, Name, Namespace string

	// text is the document's own text when it has a chunk of its own.
	text      []byte
	paths     map[string]located
	aliases   map[string]string
	errorKeys map[*field.Error]*yaml.Node
}

// Parse splits data into documents at "---" lines, as kubectl's YAML reader
// does, and parses each. Empty documents (comments only, or null) are
// dropped. Every invalid document is a diagnostic at its problem; the
// documents that are valid are returned with them.
func Parse(path string, data []byte) ([]*Document, diag.List) {
	file := &File{Path: path, Source: path, lines: strings.Split(string(data), "\n")}
	var docs []*Document
	var problems diag.List
	for _, c := range split(data) {
		if c.err != "" {
			problems = append(problems, file.diagnostic(diag.Position{File: path, Line: c.start}, c.err))
			continue
		}
		found, err := parseChunk(file, c, len(docs))
		docs = append(docs, found...)
		if err != nil {
			problems = append(problems, *err)
		}
	}
	return docs, problems
}

// parseChunk parses the documents of one chunk; a chunk normally holds one,
// more only where "..." ends a document without a "---" line.
func parseChunk(file *File, c chunk, index int) ([]*Document, *diag.Diagnostic) {
	dec := yaml.NewDecoder(bytes.NewReader(c.text))
	var docs []*Document
	for {
		var root yaml.Node
		err := dec.Decode(&root)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			d := file.syntaxError(c, err)
			return docs, &d
		}
		if len(root.Content) == 0 || isNull(root.Content[0]) {
			continue
		}
		shiftLines(&root, c.start-1)
		doc := &Document{File: file, Index: index + len(docs), Root: root.Content[0]}
		doc.readHeader()
		docs = append(docs, doc)
	}
	if len(docs) == 1 {
		docs[0].text = c.text
	}
	return docs, nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// shiftLines moves every node of a chunk to its line in the file.
func shiftLines(n *yaml.Node, by int) {
	if n.Line > 0 {
		n.Line += by
	}
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

func (d *Document) readHeader() {
	if d.Root.Kind != yaml.MappingNode {
		return
	}
	d.APIVersion = scalar(child(d.Root, "apiVersion"))
	d.Kind = scalar(child(d.Root, "kind"))
	meta := child(d.Root, "metadata")
	d.Name = scalar(child(meta, "name"))
	d.Namespace = scalar(child(meta, "namespace"))
}

// syntaxError places a YAML error where the problem is. go.yaml.in/yaml/v3
// names only the line of the construct it was parsing; goccy's parser,
// which reports the offending token, gives the position and message. When
// it accepts what yaml.v3 refuses, yaml.v3's whole message is reported at
// the document.
func (f *File) syntaxError(c chunk, err error) diag.Diagnostic {
	_, perr := goccyparser.ParseBytes(c.text, 0)
	var se *goccy.SyntaxError
	if errors.As(perr, &se) && se.Token != nil && se.Token.Position != nil {
		pos := diag.Position{File: f.Path, Line: se.Token.Position.Line + c.start - 1, Column: se.Token.Position.Column}
		return f.diagnostic(pos, "invalid YAML: "+se.Message)
	}
	return f.diagnostic(diag.Position{File: f.Path, Line: c.firstContent}, "invalid YAML: "+err.Error())
}

func (f *File) diagnostic(pos diag.Position, msg string) diag.Diagnostic {
	return diag.Diagnostic{Severity: diag.Error, Pos: pos, Message: msg, SourceLine: f.Line(pos.Line)}
}

// chunk is the text between two "---" lines.
type chunk struct {
	text []byte
	// start is the line of the chunk's first line, firstContent that of its
	// first line that is neither blank nor a comment.
	start, firstContent int
	// err is set for a "---" line followed by something else than a comment.
	err string
}

// split cuts a stream at "---" lines, as k8s.io/apimachinery's YAMLReader
// does: a separator may be followed by a comment only.
func split(data []byte) []chunk {
	var chunks []chunk
	cur := chunk{start: 1}
	for i, line := range bytes.SplitAfter(data, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("---")); ok {
			trimmed := bytes.TrimSpace(rest)
			if len(trimmed) == 0 || trimmed[0] == '#' {
				chunks = append(chunks, cur)
				cur = chunk{start: i + 2}
				continue
			}
			chunks = append(chunks, cur, chunk{start: i + 1, err: fmt.Sprintf("invalid document separator: %q (only a comment may follow ---)", strings.TrimSpace(string(line)))})
			cur = chunk{start: i + 2}
			continue
		}
		if t := bytes.TrimSpace(line); cur.firstContent == 0 && len(t) > 0 && t[0] != '#' {
			cur.firstContent = i + 1
		}
		cur.text = append(cur.text, line...)
	}
	return append(chunks, cur)
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// child is the value of key in a mapping node (nil if absent).
func child(n *yaml.Node, key string) *yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// JSON is the document as JSON, converted as kubectl converts YAML
// (sigs.k8s.io/yaml: YAML 1.1 scalars, so `off` is false), for objects
// decoded without a Go type.
func (d *Document) JSON() ([]byte, error) {
	text := d.text
	if text == nil {
		var err error
		if text, err = yaml.Marshal(d.Root); err != nil {
			return nil, err
		}
	}
	return sigsyaml.YAMLToJSON(text)
}
