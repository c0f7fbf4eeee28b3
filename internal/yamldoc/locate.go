// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/internal/diag"
)

// Paths of the nodes of a document are those k8s.io/apimachinery's
// field.Path renders: `spec.rules[0].validate`, `metadata.labels[a.b/c]`.
// A mapping's entries are indexed as fields (Child); a path that names one as
// a map key (Key), as it must when the Go type is a map, is an alias of it,
// since the YAML alone does not say which the Go type makes them.

// located is a node and, for the value of a mapping entry, its key.
type located struct{ node, key *yaml.Node }

func (d *Document) indexNode(p *field.Path, n *yaml.Node) {
	n = resolve(n)
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			cp := childPath(p, k.Value)
			if _, seen := d.paths[cp.String()]; seen {
				continue // a duplicate key: the first one counts
			}
			d.paths[cp.String()] = located{node: v, key: k}
			if kp := keyPath(p, k.Value).String(); kp != cp.String() {
				d.aliases[kp] = cp.String()
			}
			d.indexNode(cp, v)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			cp := p.Index(i)
			d.paths[cp.String()] = located{node: c}
			d.indexNode(cp, c)
		}
	}
}

func childPath(p *field.Path, name string) *field.Path {
	if p == nil {
		return field.NewPath(name)
	}
	return p.Child(name)
}

func keyPath(p *field.Path, key string) *field.Path {
	if p == nil {
		return field.NewPath(key)
	}
	return p.Key(key)
}

// Node is the node at a field path, nil when the document has none there.
func (d *Document) Node(path string) *yaml.Node {
	if path == "" {
		return d.Root
	}
	return d.lookup(path).node
}

// lookup finds the node at a path, following aliases of its prefixes.
func (d *Document) lookup(path string) located {
	if d.paths == nil {
		d.paths, d.aliases = map[string]located{}, map[string]string{}
		d.indexNode(nil, d.Root)
	}
	if l, ok := d.paths[path]; ok {
		return l
	}
	for p := path; p != ""; p = parentPath(p) {
		if canonical, ok := d.aliases[p]; ok {
			return d.lookup(canonical + path[len(p):])
		}
	}
	return located{}
}

// Locate is the position of the value at a field path, as field.Error.Field
// holds it: that of a scalar, or of the key of a mapping or sequence. When
// the document has nothing at the path, it is the position of the nearest
// enclosing value that it has (a missing field is reported at its parent).
func (d *Document) Locate(path string) diag.Position {
	for p := path; ; {
		if p == "" {
			return d.position(d.Root)
		}
		if l := d.lookup(p); l.node != nil {
			if l.key != nil && l.node.Kind != yaml.ScalarNode {
				return d.position(l.key)
			}
			return d.position(l.node)
		}
		p = parentPath(p)
	}
}

// parentPath drops the last segment of a path that field.Path rendered.
// A key holding "." or "[" is only cut at its start, as no shorter prefix
// is a path of the document.
func parentPath(p string) string {
	for i := len(p) - 1; i > 0; i-- {
		if p[i] == '.' || p[i] == '[' {
			return p[:i]
		}
	}
	return ""
}

func (d *Document) position(n *yaml.Node) diag.Position {
	if n == nil {
		return diag.Position{File: d.File.Path}
	}
	return diag.Position{File: d.File.Path, Line: n.Line, Column: n.Column}
}

// Pos is the position of the document's first value.
func (d *Document) Pos() diag.Position { return d.position(d.Root) }

// Diagnostic is a diagnostic at pos with the source line filled in.
func (d *Document) Diagnostic(sev diag.Severity, pos diag.Position, subject, message string) diag.Diagnostic {
	return diag.Diagnostic{Severity: sev, Pos: pos, Subject: subject, Message: message, SourceLine: d.File.Line(pos.Line)}
}
