// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celvars

import "testing"

func TestRename(t *testing.T) {
	names := map[string]string{"containers": "containers_2", "same": "same"}
	for _, tc := range []struct{ in, want string }{
		{"variables.containers.all(c, c.name != '')", `variables.containers_2.all(c, c.name != "")`},
		{"has(variables.containers)", "has(variables.containers_2)"},
		{"variables.?containers.orValue([]).size() > 0", "variables.?containers_2.orValue([]).size() > 0"},
		{"[variables.other, {'k': variables.containers}]", `[variables.other, {"k": variables.containers_2}]`},
		// untouched: other variables, fields named like a variable, strings
		{"variables.other.containers + 'variables.containers'", "variables.other.containers + 'variables.containers'"},
		{"object.variables.containers", "object.variables.containers"},
		{"variables.same  ==  1", "variables.same  ==  1"},
	} {
		got, err := Rename(tc.in, names)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("Rename(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenameSyntaxError(t *testing.T) {
	if _, err := Rename("variables.containers.all(", map[string]string{"containers": "c"}); err == nil {
		t.Fatal("want a syntax error")
	}
}
