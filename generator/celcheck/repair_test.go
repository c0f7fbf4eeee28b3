// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"fmt"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

func TestRepairOptionalSelects(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		at       []string // line:column (as written) of each repair
	}{
		{"object.spec.volumes.orValue([]).size() == 0", "object.spec.?volumes.orValue([]).size() == 0", []string{"1:11"}},
		{"object.spec.containers.all(c, c.resources.requests.orValue({}).cpu == c.resources.limits.orValue({}).cpu)",
			"object.spec.containers.all(c, c.resources.?requests.orValue({}).cpu == c.resources.?limits.orValue({}).cpu)", []string{"1:41", "1:81"}},
		{"object.spec.containers.all(c,\n  c.securityContext.capabilities.add.orValue([]).size() == 1)",
			"object.spec.containers.all(c,\n  c.securityContext.capabilities.?add.orValue([]).size() == 1)", []string{"2:32"}},
		{"object.metadata.labels.hasValue()", "object.metadata.?labels.hasValue()", []string{"1:15"}},
		// Already optional, a variable (which may hold an optional), an
		// element, a result: left as written.
		{"object.spec.?securityContext.runAsUser.orValue(0) == 0", "object.spec.?securityContext.runAsUser.orValue(0) == 0", nil},
		{"variables.context.orValue({}).size() == 0", "variables.context.orValue({}).size() == 0", nil},
		{"object.spec.containers.all(c, c.orValue({}) == {})", "object.spec.containers.all(c, c.orValue({}) == {})", nil},
		{"object.spec.containers[?0].name.orValue('') != ''", "object.spec.containers[?0].name.orValue('') != ''", nil},
		{"object.spec.containers.all(c, c.name != 'é' && c.ports.orValue([]) == [])", "object.spec.containers.all(c, c.name != 'é' && c.?ports.orValue([]) == [])", []string{"1:48"}},
	} {
		spec := &admissionregistrationv1.ValidatingAdmissionPolicySpec{Validations: []admissionregistrationv1.Validation{{Expression: tc.in}}}
		repairs := RepairOptionalSelects(spec)
		if got := spec.Validations[0].Expression; got != tc.want {
			t.Errorf("%q: rewritten to\n%q, want\n%q", tc.in, got, tc.want)
		}
		var at []string
		for _, r := range repairs {
			at = append(at, fmt.Sprintf("%d:%d", r.Line, r.Column))
			if r.Field != "spec.validations[0].expression" || !r.Runtime {
				t.Errorf("%q: repair %+v", tc.in, r)
			}
		}
		if fmt.Sprint(at) != fmt.Sprint(tc.at) {
			t.Errorf("%q: repairs at %v, want %v", tc.in, at, tc.at)
		}
	}
}

func TestOriginalColumn(t *testing.T) {
	spec := &admissionregistrationv1.ValidatingAdmissionPolicySpec{Validations: []admissionregistrationv1.Validation{{
		Expression: "object.spec.volumes.orValue([]).size() + object.spec.containers.orValue([]).size() == x",
	}}}
	repairs := RepairOptionalSelects(spec)
	written := "object.spec.volumes.orValue([]).size() + object.spec.containers.orValue([]).size() == x"
	now := spec.Validations[0].Expression
	x := Expr{Kind: Validation}
	if got, want := OriginalColumn(repairs, x, 1, len(now)-1), len(written)-1; got != want {
		t.Errorf("column of x: %d, want %d", got, want)
	}
	if got := OriginalColumn(repairs, x, 1, 5); got != 5 {
		t.Errorf("column before the repairs: %d, want 5", got)
	}
	if got, want := OriginalColumn(repairs, x, 1, len("object.spec.?volumes.orValue([]).size() + ")), len("object.spec.volumes.orValue([]).size() + "); got != want {
		t.Errorf("column between the repairs: %d, want %d", got, want)
	}
}

// FuzzRepairOptionalSelects: any text, never a panic; a rewritten
// expression still parses and differs from the written one by exactly its
// inserted `?`s.
func FuzzRepairOptionalSelects(f *testing.F) {
	for _, s := range []string{"object.spec.volumes.orValue([])", "a.b.c.hasValue() && x.y.or(z).value()", "object.spec.containers.all(c,\n c.ports.orValue([]).size() < 5)"} {
		f.Add(s)
	}
	env, err := parseEnv()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		spec := &admissionregistrationv1.ValidatingAdmissionPolicySpec{Validations: []admissionregistrationv1.Validation{{Expression: expr}}}
		repairs := RepairOptionalSelects(spec)
		got := spec.Validations[0].Expression
		if len(repairs) == 0 {
			if got != expr {
				t.Fatalf("%q rewritten to %q without a repair", expr, got)
			}
			return
		}
		if strings.ReplaceAll(got, "?", "") != strings.ReplaceAll(expr, "?", "") || strings.Count(got, "?") != strings.Count(expr, "?")+len(repairs) {
			t.Fatalf("%q rewritten to %q with %d repairs", expr, got, len(repairs))
		}
		if _, iss := env.Parse(got); iss.Err() != nil {
			t.Fatalf("%q rewritten to %q, which does not parse: %v", expr, got, iss.Err())
		}
	})
}
