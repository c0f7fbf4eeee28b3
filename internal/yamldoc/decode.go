// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"encoding"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/util/validation/field"
	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"
)

// Decode decodes the document into v (a pointer) strictly, the way the API
// server decodes an object into its Go type: field names are
// case-sensitive, and every unknown or duplicate field, every value of the
// wrong type and every value its type refuses is a field.Error at its path.
// v is set only when there is none.
func (d *Document) Decode(v any) field.ErrorList {
	return d.DecodeNode(d.Root, nil, v)
}

// DecodeNode is Decode for one node of the document, whose path is at (nil
// for the root).
func (d *Document) DecodeNode(n *yaml.Node, at *field.Path, v any) field.ErrorList {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("yamldoc: decoding into %T, want a pointer", v))
	}
	dec := &decoder{keys: map[*field.Error]*yaml.Node{}}
	value := dec.value(n, t.Elem(), at)
	if d.errorKeys == nil {
		d.errorKeys = map[*field.Error]*yaml.Node{}
	}
	maps.Copy(d.errorKeys, dec.keys)
	if len(dec.errs) > 0 {
		return dec.errs
	}
	data, err := json.Marshal(value)
	if err == nil {
		_, err = sigsjson.UnmarshalStrict(data, v)
	}
	if err != nil {
		return field.ErrorList{field.InternalError(orRoot(at), err)}
	}
	return nil
}

func orRoot(p *field.Path) *field.Path {
	if p == nil {
		return field.NewPath("")
	}
	return p
}

type decoder struct {
	errs field.ErrorList
	// keys are the key nodes of errors about keys (unknown, duplicate).
	keys map[*field.Error]*yaml.Node
}

func (dec *decoder) keyError(e *field.Error, key *yaml.Node) {
	dec.errs = append(dec.errs, e)
	dec.keys[e] = key
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value checks n against t and returns what encoding/json will decode into
// t: scalars are read for the kind t wants.
func (dec *decoder) value(n *yaml.Node, t reflect.Type, p *field.Path) any {
	n = resolve(n)
	if n == nil || isNull(n) {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return dec.opaque(n, t, p)
	}
	switch t.Kind() {
	case reflect.Interface:
		return dec.untyped(n, p)
	case reflect.Struct:
		return dec.structValue(n, t, p)
	case reflect.Map:
		return dec.mapValue(n, t, p)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return dec.scalar(n, "a base64 string", p, func(s string) (any, bool) { return s, true })
		}
		return dec.sliceValue(n, t, p)
	case reflect.String:
		return dec.scalar(n, "a string", p, func(s string) (any, bool) { return s, true })
	case reflect.Bool:
		return dec.scalar(n, "true or false", p, parseBool)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return dec.scalar(n, "an integer", p, func(s string) (any, bool) {
			if n.Tag != "!!int" {
				return nil, false
			}
			i, err := strconv.ParseInt(s, 0, 64)
			return i, err == nil
		})
	case reflect.Float32, reflect.Float64:
		return dec.scalar(n, "a number", p, func(s string) (any, bool) {
			if n.Tag != "!!int" && n.Tag != "!!float" {
				return nil, false
			}
			f, err := strconv.ParseFloat(s, 64)
			return f, err == nil
		})
	}
	dec.errs = append(dec.errs, field.InternalError(orRoot(p), fmt.Errorf("cannot decode into %s", t)))
	return nil
}

// parseBool reads YAML 1.1 booleans, as kubectl does.
func parseBool(s string) (any, bool) {
	switch strings.ToLower(s) {
	case "true", "yes", "y", "on":
		return true, true
	case "false", "no", "n", "off":
		return false, true
	}
	return nil, false
}

func (dec *decoder) scalar(n *yaml.Node, want string, p *field.Path, parse func(string) (any, bool)) any {
	if n.Kind == yaml.ScalarNode {
		if v, ok := parse(n.Value); ok {
			return v
		}
	}
	dec.errs = append(dec.errs, field.TypeInvalid(orRoot(p), describe(n), "must be "+want))
	return nil
}

// describe is a node as an error message shows it.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "<mapping>"
	case yaml.SequenceNode:
		return "<list>"
	}
	return n.Value
}

func (dec *decoder) structValue(n *yaml.Node, t reflect.Type, p *field.Path) any {
	if n.Kind != yaml.MappingNode {
		dec.errs = append(dec.errs, field.TypeInvalid(orRoot(p), describe(n), "must be a mapping"))
		return nil
	}
	fields := jsonFields(t)
	out := map[string]any{}
	for _, e := range entries(n) {
		fp := childPath(p, e.key.Value)
		f, ok := fields[e.key.Value]
		switch {
		case !ok:
			dec.keyError(unknownField(fp, e.key.Value, slices.Sorted(maps.Keys(fields))), e.key)
		case e.duplicate:
			dec.keyError(field.Duplicate(fp, e.key.Value), e.key)
		default:
			out[e.key.Value] = dec.value(e.value, f, fp)
		}
	}
	return out
}

func (dec *decoder) mapValue(n *yaml.Node, t reflect.Type, p *field.Path) any {
	if n.Kind != yaml.MappingNode {
		dec.errs = append(dec.errs, field.TypeInvalid(orRoot(p), describe(n), "must be a mapping"))
		return nil
	}
	if k := t.Key(); k.Kind() != reflect.String && !reflect.PointerTo(k).Implements(textUnmarshaler) {
		dec.errs = append(dec.errs, field.InternalError(orRoot(p), fmt.Errorf("cannot decode map keys into %s", k)))
		return nil
	}
	out := map[string]any{}
	for _, e := range entries(n) {
		kp := keyPath(p, e.key.Value)
		if e.duplicate {
			dec.keyError(field.Duplicate(kp, e.key.Value), e.key)
			continue
		}
		out[e.key.Value] = dec.value(e.value, t.Elem(), kp)
	}
	return out
}

func (dec *decoder) sliceValue(n *yaml.Node, t reflect.Type, p *field.Path) any {
	if n.Kind != yaml.SequenceNode {
		dec.errs = append(dec.errs, field.TypeInvalid(orRoot(p), describe(n), "must be a list"))
		return nil
	}
	out := make([]any, len(n.Content))
	for i, c := range n.Content {
		out[i] = dec.value(c, t.Elem(), orRoot(p).Index(i))
	}
	return out
}

// opaque is the value of a type that decodes itself (json.RawMessage,
// metav1.Time, resource.Quantity, ...): the node converted as kubectl does,
// checked by the type's own UnmarshalJSON.
func (dec *decoder) opaque(n *yaml.Node, t reflect.Type, p *field.Path) any {
	raw := dec.untyped(n, p)
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw.(json.RawMessage), reflect.New(t).Interface()); err != nil {
		dec.errs = append(dec.errs, field.Invalid(orRoot(p), describe(n), err.Error()))
		return nil
	}
	return raw
}

// untyped converts a node to JSON as kubectl does (sigs.k8s.io/yaml, YAML 1.1
// scalars: `off` is false).
func (dec *decoder) untyped(n *yaml.Node, p *field.Path) any {
	text, err := yaml.Marshal(n)
	var data []byte
	if err == nil {
		data, err = sigsyaml.YAMLToJSON(text)
	}
	if err != nil {
		dec.errs = append(dec.errs, field.Invalid(orRoot(p), describe(n), err.Error()))
		return nil
	}
	return json.RawMessage(data)
}

// entry is a key and value of a mapping; duplicate marks a key seen before.
type entry struct {
	key, value *yaml.Node
	duplicate  bool
}

// entries lists a mapping's entries, with YAML merge keys (<<) expanded:
// keys of the mapping itself win over merged ones.
func entries(n *yaml.Node) []entry {
	var out []entry
	seen := map[string]bool{}
	var merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Tag == "!!merge" {
			merged = append(merged, v)
			continue
		}
		out = append(out, entry{key: k, value: v, duplicate: seen[k.Value]})
		seen[k.Value] = true
	}
	for _, m := range merged {
		m = resolve(m)
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, s := range sources {
			if s = resolve(s); s.Kind != yaml.MappingNode {
				continue
			}
			for _, e := range entries(s) {
				if !seen[e.key.Value] {
					seen[e.key.Value] = true
					out = append(out, entry{key: e.key, value: e.value})
				}
			}
		}
	}
	return out
}

// jsonFields maps the JSON names of a struct's fields (with embedded and
// inline structs flattened) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if name == "" && ft.Kind() == reflect.Struct && (f.Anonymous || strings.Contains(","+opts+",", ",inline,")) {
			for k, v := range jsonFields(ft) {
				if _, taken := out[k]; !taken {
					out[k] = v
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
