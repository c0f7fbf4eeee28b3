// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import "testing"

func TestMisusedCalls(t *testing.T) {
	env, err := parseEnv()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		expr string
		want int
	}{
		{"object.spec.volumes.orValue([]) == []", 1},
		{"object.spec.?volumes.orValue([]) == []", 0},
		{"object.spec.containers.all(c, c.ports.orValue([]) == [] && c.?image.hasValue())", 1},
		{"[1].orValue([]) == [] && {}.hasValue()", 2},
		{"object.spec.containers.map(c, c.?image).all(o, o.hasValue())", 0},
		{"[object.spec.?hostname].all(o, o.orValue('') == '')", 0},
		{"variables.context.orValue({}) == {}", 0},
		{"object.metadata.labels['a'].orValue('') == ''", 1},
		{"optional.of(object).value().spec.hostNetwork", 0},
	} {
		ast, iss := env.Parse(tc.expr)
		if iss.Err() != nil {
			t.Fatal(iss.Err())
		}
		if got := len(misusedCalls(ast.NativeRep().Expr())); got != tc.want {
			t.Errorf("%q: %d calls on values that are not optional, want %d", tc.expr, got, tc.want)
		}
	}
}
