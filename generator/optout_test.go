// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"strings"
	"testing"

	"github.com/vapgen/vapgen/generator"
)

// TestOptOutHints generates the shipped policies and overlays and expects
// every validation of a rule's policies to end with the label that lifts
// it, naming for an overlay's copy a base rule, and the label guard's to
// name none.
func TestOptOutHints(t *testing.T) {
	const prefix = "pod-security.vapgen.io"
	result, problems := generator.Generate(generator.Options{Policies: []string{"../policies"}, Overlays: []string{"../overlays"}, LabelPrefix: prefix})
	if result == nil {
		t.Fatal(problems.Error())
	}
	base := map[string]bool{}
	for _, u := range result.Units {
		if u.Overlay == "" && u.Dir() != "guard" {
			base[u.Name] = true
		}
	}
	overlays := 0
	for _, u := range result.Units {
		for _, p := range u.Policies {
			for i, v := range p.Spec.Validations {
				if u.Dir() == "guard" {
					if strings.Contains(v.Message+v.MessageExpression, "opt out:") {
						t.Errorf("label guard %s validation %d offers an opt-out: %q", p.Name, i, v.Message)
					}
					continue
				}
				rule := u.Name
				if u.Overlay != "" {
					rule = hintedRule(t, v.Message, prefix)
					if !base[rule] {
						t.Errorf("%s: the hint names %q, not a base rule", p.Name, rule)
					}
					overlays++
				}
				hint := " (opt out: namespace label " + prefix + "/" + rule + "=exclude)"
				if !strings.HasSuffix(v.Message, hint) {
					t.Errorf("%s validation %d: message %q does not end with %q", p.Name, i, v.Message, hint)
				}
				if v.MessageExpression != "" && !strings.HasSuffix(v.MessageExpression, `+ "`+hint+`")`) {
					t.Errorf("%s validation %d: messageExpression %q does not end with the hint", p.Name, i, v.MessageExpression)
				}
			}
		}
	}
	if overlays == 0 {
		t.Error("no overlay copy checked")
	}
}

// hintedRule is the rule an opt-out hint at the end of message names.
func hintedRule(t *testing.T, message, prefix string) string {
	t.Helper()
	_, after, ok := strings.Cut(message, "(opt out: namespace label "+prefix+"/")
	rule, ok2 := strings.CutSuffix(after, "=exclude)")
	if !ok || !ok2 {
		t.Errorf("no opt-out hint in %q", message)
	}
	return rule
}
