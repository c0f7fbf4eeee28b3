// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/vapgen/vapgen/generator"
)

// TestOverlaySchemaMatchesTypes keeps overlays/overlay.schema.json, which
// editors use, in step with the Go types that decode overlays.
func TestOverlaySchemaMatchesTypes(t *testing.T) {
	data, err := os.ReadFile("../overlays/overlay.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	spec := dig(t, schema, "properties", "spec")
	for _, c := range []struct {
		schema map[string]any
		typ    reflect.Type
	}{
		{spec, reflect.TypeOf(generator.OverlaySpec{})},
		{dig(t, spec, "properties", "allow"), reflect.TypeOf(generator.Allowances{})},
		{dig(t, dig(t, spec, "properties", "replace"), "items"), reflect.TypeOf(generator.Replacement{})},
	} {
		var inSchema []string
		for k := range dig(t, c.schema, "properties") {
			inSchema = append(inSchema, k)
		}
		var inType []string
		for i := range c.typ.NumField() {
			inType = append(inType, strings.Split(c.typ.Field(i).Tag.Get("json"), ",")[0])
		}
		slices.Sort(inSchema)
		slices.Sort(inType)
		if !slices.Equal(inSchema, inType) {
			t.Errorf("%s: schema has %v, Go type has %v", c.typ.Name(), inSchema, inType)
		}
	}
}

func dig(t *testing.T, m map[string]any, keys ...string) map[string]any {
	t.Helper()
	for _, k := range keys {
		next, ok := m[k].(map[string]any)
		if !ok {
			t.Fatalf("schema: no object at %q", k)
		}
		m = next
	}
	return m
}
