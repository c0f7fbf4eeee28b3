// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"slices"

	"k8s.io/kube-openapi/pkg/validation/spec"
)

// v2SchemaExtension holds, in the API server's OpenAPI v3 definitions, the
// schema of a type whose v3 schema is a oneOf.
const v2SchemaExtension = "x-kubernetes-v2-schema"

// typedQuantities gives a type to the schemas that the OpenAPI v3 definitions
// spell as a oneOf of string and number with no type of their own
// (resource.Quantity): the schema-to-CEL conversion drops untyped fields, so
// `resources.limits` and `resources.requests` would be reported as undefined.
// The API server always serializes such a value as a string, the type of the
// definition's OpenAPI v2 schema. The schema is not changed; a copy is
// returned where something differs.
func typedQuantities(s *spec.Schema) *spec.Schema {
	if s == nil {
		return nil
	}
	out := *s
	changed := false
	if t, ok := quantityType(s); ok {
		out.Type, out.OneOf = spec.StringOrArray{t}, nil
		changed = true
	}
	if len(s.Properties) > 0 {
		props := make(map[string]spec.Schema, len(s.Properties))
		for name, p := range s.Properties {
			typed := typedQuantities(&p)
			props[name] = *typed
			changed = changed || typed != &p
		}
		out.Properties = props
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		if typed := typedQuantities(s.AdditionalProperties.Schema); typed != s.AdditionalProperties.Schema {
			ap := *s.AdditionalProperties
			ap.Schema = typed
			out.AdditionalProperties = &ap
			changed = true
		}
	}
	if s.Items != nil && s.Items.Schema != nil {
		if typed := typedQuantities(s.Items.Schema); typed != s.Items.Schema {
			items := *s.Items
			items.Schema = typed
			out.Items = &items
			changed = true
		}
	}
	if !changed {
		return s
	}
	return &out
}

// quantityType is the type of an untyped oneOf of scalar types that names
// one in its OpenAPI v2 schema.
func quantityType(s *spec.Schema) (string, bool) {
	if len(s.Type) > 0 || len(s.OneOf) == 0 {
		return "", false
	}
	for _, o := range s.OneOf {
		if len(o.Type) != 1 || !slices.Contains([]string{"string", "number", "integer"}, o.Type[0]) {
			return "", false
		}
	}
	if v2, ok := s.Extensions[v2SchemaExtension].(spec.Schema); ok && len(v2.Type) == 1 {
		return v2.Type[0], true
	}
	return "", false
}
