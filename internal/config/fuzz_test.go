// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package config

import (
	"errors"
	"os"
	"testing"

	"github.com/vapgen/vapgen/internal/diag"
)

// FuzzLoad feeds arbitrary bytes to the config loader and what generate
// does with a config: the options, their validation, the paths check and
// the placing of problems at fields. Problems may be reported, never a
// panic; a file that does not load yields no config, and every problem is
// placed in the file.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{"../../vapgen.yaml"} {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	head := "apiVersion: vapgen.io/v1alpha1\nkind: Config\n"
	for _, s := range []string{
		"controllers: off\nrules:\n  r:\n    controllers: warn\n",
		"policies: [a, ../b]\ncrds: [c]\noverlays: o\nout: '-'\n",
		"exemptions:\n  namespaces: [kube-system]\n  usernames: [u]\nlabelGuard:\n  users: [on]\n  groups: [g]\nrequireProfileLabel: true\n",
		"layout: per-profile\nkubernetesVersion: 1.30\npssVersion: v1.31\nvalidationActions: policy\nstrict: yes\n",
		"labelPrefix: x\ndefaultProfile: restricted\ndefaultPolicyProfile: baseline\nskipUnsupported: true\n",
	} {
		f.Add([]byte(head + s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("vapgen.yaml", data)
		if err != nil {
			if c != nil {
				t.Errorf("Parse failed (%v) and returned a config", err)
			}
			var l diag.List
			if errors.As(err, &l) {
				for _, d := range l {
					if d.Pos.File != "vapgen.yaml" {
						t.Errorf("problem not in the file: %s", d)
					}
				}
			}
			_ = err.Error()
			return
		}
		opts := c.Options()
		for _, e := range opts.Validate() {
			if d := c.FieldError(e.Field, e.Error()); d.Pos.File != "vapgen.yaml" {
				t.Errorf("option problem not in the file: %s", d)
			}
		}
		for _, d := range c.Missing(nil) {
			_ = d.String()
		}
		c.Relocate(diag.List{{Pos: diag.Position{File: "config"}, Subject: "rules[x]", Message: "m"}})
	})
}
