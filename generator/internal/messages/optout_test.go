// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package messages

import (
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/internal/model"
)

func TestOptOut(t *testing.T) {
	const hint = ` (opt out: namespace label pod-security.vapgen.io/disallow-host-ports=exclude)`
	base := &model.Rule{Name: "disallow-host-ports"}
	overlayCopy := &model.Rule{Name: "disallow-host-ports-mw-api", Scope: model.Scope{Overlay: "mw-api", OptOut: "disallow-host-ports"}}
	tests := []struct {
		name     string
		rule     *model.Rule
		template string
		// resources are the policy's cluster scoped resources, if any.
		resources []string
		in, want  admissionregistrationv1.Validation
	}{{
		name: "message",
		rule: base,
		in:   admissionregistrationv1.Validation{Expression: "x", Message: "hostPort: must be unset "},
		want: admissionregistrationv1.Validation{Expression: "x", Message: "hostPort: must be unset" + hint},
	}, {
		name: "messageExpression and message",
		rule: base,
		in:   admissionregistrationv1.Validation{Expression: "x", Message: "m", MessageExpression: "'hostPort ' + string(1)"},
		want: admissionregistrationv1.Validation{Expression: "x", Message: "m" + hint, MessageExpression: `('hostPort ' + string(1)) + "` + hint + `"`},
	}, {
		name: "messageExpression ending in a comment",
		rule: base,
		in:   admissionregistrationv1.Validation{Expression: "x", MessageExpression: "'m' // why"},
		want: admissionregistrationv1.Validation{Expression: "x", MessageExpression: "('m' // why\n) + \"" + hint + `"`},
	}, {
		name: "neither: the API server's message on one line",
		rule: base,
		in:   admissionregistrationv1.Validation{Expression: "object.spec.hostNetwork != true &&\n  true"},
		want: admissionregistrationv1.Validation{Expression: "object.spec.hostNetwork != true &&\n  true", Message: "failed expression: object.spec.hostNetwork != true && true" + hint},
	}, {
		name: "overlay copy names its base rule",
		rule: overlayCopy,
		in:   admissionregistrationv1.Validation{Expression: "x", Message: "hostPort"},
		want: admissionregistrationv1.Validation{Expression: "x", Message: "hostPort" + hint},
	}, {
		name:     "pod template copy of an overlay copy",
		rule:     overlayCopy,
		template: "workloads",
		in:       admissionregistrationv1.Validation{Expression: "x", Message: "pod template (spec.template): hostPort", MessageExpression: `"pod template (spec.template): " + "hostPort"`},
		want:     admissionregistrationv1.Validation{Expression: "x", Message: "pod template (spec.template): hostPort" + hint, MessageExpression: `("pod template (spec.template): " + "hostPort") + "` + hint + `"`},
	}, {
		name:      "cluster scoped kinds only: no namespace label lifts it",
		rule:      &model.Rule{Name: "restrict-clusterroles"},
		resources: []string{"clusterroles"},
		in:        admissionregistrationv1.Validation{Expression: "x", Message: "m"},
		want:      admissionregistrationv1.Validation{Expression: "x", Message: "m"},
	}, {
		name:      "namespaces: their own labels lift it",
		rule:      &model.Rule{Name: "r"},
		resources: []string{"namespaces"},
		in:        admissionregistrationv1.Validation{Expression: "x", Message: "m"},
		want:      admissionregistrationv1.Validation{Expression: "x", Message: "m (opt out: namespace label pod-security.vapgen.io/r=exclude)"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vap := &admissionregistrationv1.ValidatingAdmissionPolicy{}
			if tt.resources != nil {
				scope := admissionregistrationv1.ClusterScope
				rule := admissionregistrationv1.NamedRuleWithOperations{}
				rule.Resources, rule.Scope = tt.resources, &scope
				vap.Spec.MatchConstraints = &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{rule}}
			}
			vap.Spec.Validations = []admissionregistrationv1.Validation{tt.in}
			OptOut([]model.Checked{{Rule: tt.rule, Policies: []*model.Policy{{Rule: tt.rule, Template: tt.template, VAP: vap}}}}, "pod-security.vapgen.io")
			if got := vap.Spec.Validations[0]; got != tt.want {
				t.Errorf("got\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestOptOutEveryPolicyOfARule(t *testing.T) {
	r := &model.Rule{Name: "r"}
	own, tmpl := &admissionregistrationv1.ValidatingAdmissionPolicy{}, &admissionregistrationv1.ValidatingAdmissionPolicy{}
	own.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "a", Message: "a"}, {Expression: "b", Message: "b"}}
	tmpl.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "c", Message: "c"}}
	OptOut([]model.Checked{{Rule: r, Policies: []*model.Policy{{Rule: r, VAP: own}, {Rule: r, Template: "cronjobs", VAP: tmpl}}}}, "p.io")
	var got []string
	for _, v := range append(own.Spec.Validations, tmpl.Spec.Validations...) {
		got = append(got, v.Message)
	}
	want := []string{"a (opt out: namespace label p.io/r=exclude)", "b (opt out: namespace label p.io/r=exclude)", "c (opt out: namespace label p.io/r=exclude)"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGuarded(t *testing.T) {
	tests := []struct{ validation, message, want string }{
		{"a", "'m'", "(a) ? '' : ('m')"},
		{"a // c", "'m' // d", "(a // c\n) ? '' : ('m' // d\n)"},
	}
	for _, tt := range tests {
		if got := Guarded(tt.validation, tt.message); got != tt.want {
			t.Errorf("Guarded(%q, %q) = %q, want %q", tt.validation, tt.message, got, tt.want)
		}
	}
}
