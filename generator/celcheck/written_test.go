// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/version"
)

func policyWith(validations ...string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	p := &admissionregistrationv1.ValidatingAdmissionPolicy{}
	for _, v := range validations {
		p.Spec.Validations = append(p.Spec.Validations, admissionregistrationv1.Validation{Expression: v})
	}
	p.Spec.Variables = []admissionregistrationv1.Variable{{Name: "names", Expression: "object.spec.containers.map(c, c.name)"}}
	return p
}

func TestVersionIssues(t *testing.T) {
	for _, tc := range []struct {
		name, expr, oldest string
		want               string // "" for none
		line, column       int
	}{
		{name: "lists v3 from 1.35", expr: "variables.names.sort() == variables.names", oldest: "1.30", want: "sort() needs kube-apiserver >= 1.35", line: 1, column: 16},
		{name: "accepted from the target", expr: "variables.names.sort() == variables.names", oldest: "1.35"},
		{name: "ip from 1.31", expr: "true &&\n  ip('10.0.0.1').family() == 4", oldest: "1.30", want: "ip() needs kube-apiserver >= 1.31", line: 2, column: 2},
		{name: "format library from 1.32", expr: "!format.dns1123Label().validate('x').hasValue()", oldest: "1.31", want: "format.dns1123Label() needs kube-apiserver >= 1.32", line: 1, column: 8},
		{name: "two-variable macros from 1.33", expr: "variables.names.all(i, n, n != '')", oldest: "1.30", want: "this expression needs kube-apiserver >= 1.33", line: 0},
		{name: "no API server yet", expr: "variables.names.includes('x')", oldest: "1.37", want: "includes() is refused in new policies by every kube-apiserver up to 1.37", line: 1, column: 16},
		{name: "sets from 1.30", expr: "sets.contains(variables.names, ['a'])", oldest: "1.30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oldest, err := ParseVersion(tc.oldest)
			if err != nil {
				t.Fatal(err)
			}
			for _, exhaustive := range []bool{false, true} {
				c := New()
				c.Exhaustive = exhaustive
				issues, err := c.Check(policyWith(tc.expr), nil, Range{Oldest: oldest})
				if err != nil {
					t.Fatal(err)
				}
				if tc.want == "" {
					if len(issues) != 0 {
						t.Errorf("exhaustive=%v: issues %+v, want none", exhaustive, issues)
					}
					continue
				}
				if len(issues) != 1 {
					t.Fatalf("exhaustive=%v: issues %+v, want one", exhaustive, issues)
				}
				is := issues[0]
				if is.Message != tc.want || is.Line != tc.line || (tc.line > 0 && is.Column != tc.column) || is.Field != "spec.validations[0].expression" {
					t.Errorf("exhaustive=%v: got %s %d:%d %q, want %d:%d %q", exhaustive, is.Field, is.Line, is.Column, is.Message, tc.line, tc.column, tc.want)
				}
				if is.Refusing == nil {
					t.Errorf("exhaustive=%v: Refusing not set", exhaustive)
				}
			}
		})
	}
}

func TestParseVersion(t *testing.T) {
	for in, want := range map[string]string{"1.30": "1.30", "v1.37": "1.37", "1.29": "error", "1.38": "error", "1.30.2": "error", "thirty": "error"} {
		v, err := ParseVersion(in)
		got := "error"
		if err == nil {
			got = minor(v)
		}
		if got != want {
			t.Errorf("ParseVersion(%q) = %s (%v), want %s", in, got, err, want)
		}
	}
	if r := DefaultRange(); !r.Oldest.EqualTo(version.MajorMinor(1, 30)) {
		t.Errorf("DefaultRange().Oldest = %v", r.Oldest)
	}
}
