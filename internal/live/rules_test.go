// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"strings"
	"testing"
)

// TestOptOutRead: the opt-out label an expression compares with "exclude",
// from its syntax tree; anything ambiguous is none.
func TestOptOutRead(t *testing.T) {
	r := &Rules{Prefix: prefix}
	for expr, want := range map[string]string{
		`(namespaceObject != null && namespaceObject.metadata.?labels[?'pod-security.vapgen.io/disallow-host-ports'].orValue('') == 'exclude') || (size(variables.bad) == 0)`: prefix + "/disallow-host-ports",
		`namespaceObject.metadata.labels['pod-security.vapgen.io/disallow-host-ports'] == 'x'`:                                                                                "",
		`'pod-security.vapgen.io/profile' == 'exclude'`:                                      "",
		`'pod-security.vapgen.io/a' == 'exclude' || 'pod-security.vapgen.io/b' == 'exclude'`: "",
		`'other.io/a' == 'exclude'`:                                                          "",
		`size(object.spec.containers) ==`:                                                    "",
		`object.spec.hostNetwork != true`:                                                    "",
	} {
		if got := r.optOutRead(expr); got != want {
			t.Errorf("optOutRead(%s) = %q, want %q", expr, got, want)
		}
	}
}

// TestInferPrefixes: the shipped layouts select on the default prefix.
func TestInferPrefixes(t *testing.T) {
	for _, layout := range layouts {
		shipped(t, layout)
		v, _ := loadOnce.Load(layout)
		if got := strings.Join(InferPrefixes(v.(*loaded).set), ","); got != prefix {
			t.Errorf("%s: prefixes %q, want %q", layout, got, prefix)
		}
	}
}
