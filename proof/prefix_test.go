// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator"
)

// With another label prefix (README "Namespace labels": --label-prefix),
// the bindings select on it and the policies' own CEL reads it too: the
// baseline capabilities, seccomp and hostPath policies step aside in
// restricted namespaces by reading the profile label.

const otherPrefix = "pod-security.wmf.org"

var wmf = newVariant(func(o *generator.Options) { o.LabelPrefix = otherPrefix })

func TestOtherPrefixEverywhere(t *testing.T) {
	t.Parallel()
	f := wmf.get(t)
	policies, bindings := objects(f.units)
	read := 0
	for _, p := range policies {
		for _, e := range expressionsOf(p) {
			if strings.Contains(e, generator.DefaultLabelPrefix+"/") {
				t.Errorf("%s reads the default prefix: %s", p.Name, e)
			}
			if strings.Contains(e, otherPrefix+"/") {
				read++
			}
		}
	}
	if read == 0 {
		t.Error("no expression reads a label under the prefix; the baseline policies' restricted corners should")
	}
	for _, b := range bindings {
		if b.Spec.MatchResources == nil || b.Spec.MatchResources.NamespaceSelector == nil {
			continue // the label guard's binding selects every namespace
		}
		for _, r := range b.Spec.MatchResources.NamespaceSelector.MatchExpressions {
			if strings.HasPrefix(r.Key, generator.DefaultLabelPrefix+"/") {
				t.Errorf("binding %s selects on %s", b.Name, r.Key)
			}
		}
	}
}

// expressionsOf lists every CEL expression of a policy.
func expressionsOf(p *admissionregistrationv1.ValidatingAdmissionPolicy) []string {
	var out []string
	for _, v := range p.Spec.Variables {
		out = append(out, v.Expression)
	}
	for _, m := range p.Spec.MatchConditions {
		out = append(out, m.Expression)
	}
	for _, v := range p.Spec.Validations {
		out = append(out, v.Expression, v.MessageExpression)
	}
	for _, a := range p.Spec.AuditAnnotations {
		out = append(out, a.ValueExpression)
	}
	return out
}
