// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package podtemplate

import (
	"strings"
	"testing"
)

var workload = Template{Spec: []string{"spec", "template", "spec"}, Metadata: []string{"spec", "template", "metadata"}}

func TestRewrite(t *testing.T) {
	tests := []struct{ in, want string }{
		{"object.spec.hostNetwork == false", "object.spec.template.spec.hostNetwork == false"},
		{"!object.spec.?hostPID.orValue(false)", "!object.spec.template.spec.?hostPID.orValue(false)"},
		{"!object.?spec.?hostPID.orValue(false)", "!object.?spec.?template.?spec.?hostPID.orValue(false)"},
		{"object.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))",
			"object.spec.template.spec.containers.all(c, !c.?securityContext.?privileged.orValue(false))"},
		{"has(object.metadata.annotations) && object.metadata.annotations.all(k, !k.startsWith('x'))",
			"has(object.spec.template.metadata.annotations) && object.spec.template.metadata.annotations.all(k, !k.startsWith(\"x\"))"},
		{"object.metadata.name + '/' + object.metadata.namespace", "object.metadata.name + \"/\" + object.metadata.namespace"},
		{"object.?metadata.?annotations.orValue({})['a'] == 'b'", "object.?spec.?template.?metadata.?annotations.orValue({})[\"a\"] == \"b\""},
		{"request.operation != 'UPDATE' || object.spec != oldObject.spec", "request.operation != \"UPDATE\" || object.spec.template.spec != oldObject.spec.template.spec"},
		{"[object.spec.containers, variables.x].size() > 0 && {'k': object.spec.hostname}.size() == 1",
			"[object.spec.template.spec.containers, variables.x].size() > 0 && {\"k\": object.spec.template.spec.hostname}.size() == 1"},
	}
	for _, tt := range tests {
		got, err := Rewrite(tt.in, workload)
		if err != nil {
			t.Errorf("Rewrite(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Rewrite(%q)\n got  %q\n want %q", tt.in, got, tt.want)
		}
	}
}

func TestRewriteRejects(t *testing.T) {
	tests := []struct{ in, want string }{
		{"object.kind == 'Pod'", "object.kind has no meaning for a pod template"},
		{"size(object) > 0", "object is used as a whole; only object.spec and object.metadata can be moved to a pod template"},
		{"object.spec.(", "Syntax error"},
	}
	for _, tt := range tests {
		_, err := Rewrite(tt.in, workload)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Rewrite(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}
