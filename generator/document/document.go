package document

import (
	"encoding/json"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vapgen/vapgen/generator/diag"
)

// Document is one YAML document of a file.
type Document struct {
	File string
	// Index is the 0-based position of the document in its file.
	Index int
	// APIVersion and Kind are empty when the document does not set them.
	APIVersion string
	Kind       string
	// Name is metadata.name, empty when unset.
	Name  string
	root  *yaml.Node
	lines []string
}

// Pos is the position of the document's first line.
func (d *Document) Pos() diag.Position {
	return d.position(d.root)
}

// JSON returns the document as JSON, for decoding into Go types.
func (d *Document) JSON() ([]byte, error) {
	var v any
	if err := d.root.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// Locate returns the position of the value at path, a field path such as
// `spec.rules[0].validate.cel.expressions[1].expression`: that of the scalar
// for a scalar, else that of its key. When the path does not exist, it
// returns the position of its nearest existing parent.
func (d *Document) Locate(path string) diag.Position {
	n, key, _ := d.lookup(path)
	if key != nil && n.Kind != yaml.ScalarNode {
		return d.position(key)
	}
	return d.position(n)
}

// Line returns the text of a 1-based line of the document's file.
func (d *Document) Line(n int) string {
	if n < 1 || n > len(d.lines) {
		return ""
	}
	return d.lines[n-1]
}

func (d *Document) position(n *yaml.Node) diag.Position {
	if n == nil {
		return diag.Position{File: d.File}
	}
	return diag.Position{File: d.File, Line: n.Line, Column: n.Column}
}

// lookup walks path from the root and returns the node and, when it is the
// value of a mapping, its key; exact is false when it had to stop early.
func (d *Document) lookup(path string) (node, key *yaml.Node, exact bool) {
	n := d.root
	for _, seg := range splitPath(path) {
		next, nextKey := entry(n, seg)
		if next == nil {
			return n, key, false
		}
		n, key = next, nextKey
	}
	return n, key, true
}

func child(n *yaml.Node, seg string) *yaml.Node {
	v, _ := entry(n, seg)
	return v
}

// entry returns the child of n named by seg (a key or an index) and its key.
func entry(n *yaml.Node, seg string) (value, key *yaml.Node) {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil, nil
	}
	if i, err := strconv.Atoi(seg); err == nil && n.Kind == yaml.SequenceNode {
		if i >= 0 && i < len(n.Content) {
			return n.Content[i], nil
		}
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == seg {
			return n.Content[i+1], n.Content[i]
		}
	}
	return nil, nil
}

// splitPath turns `a.b[2].c` into [a b 2 c]. Keys holding dots or brackets
// can be quoted: `metadata.annotations["a.b/c"]`.
func splitPath(path string) []string {
	var segs []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			segs = append(segs, cur.String())
			cur.Reset()
		}
	}
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '.':
			flush()
		case '[':
			flush()
			end := strings.IndexByte(path[i:], ']')
			if end < 0 {
				cur.WriteString(path[i+1:])
				i = len(path)
				continue
			}
			seg := path[i+1 : i+end]
			if unq, err := strconv.Unquote(seg); err == nil {
				seg = unq
			}
			segs = append(segs, seg)
			i += end
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return segs
}
