// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/vapgen/vapgen/evaluator/report"
	"github.com/vapgen/vapgen/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestOutputs: the text, JSON and policy report outputs of an audit of shop
// as if restricted, per layout, and of a migration (golden files; go test
// -update rewrites them).
func TestOutputs(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, layout := range layouts {
		_, rules := shipped(t, layout)
		res := audit(t, shop(), layout, Scope{}, WithProfile(prefix, "restricted"))
		for name, write := range map[string]func(*bytes.Buffer) error{
			"text":         func(b *bytes.Buffer) error { return WriteText(b, res, prefix) },
			"json":         func(b *bytes.Buffer) error { return WriteJSON(b, res) },
			"policyreport": func(b *bytes.Buffer) error { return report.WriteReports(b, Reports(res, rules, now)) },
		} {
			var buf bytes.Buffer
			if err := write(&buf); err != nil {
				t.Fatal(err)
			}
			testkit.Golden(t, filepath.Join("testdata", "audit-"+layout+"."+name+".golden"), buf.Bytes(), *update)
		}
	}
	cfg, err := LoadPSAConfig("testdata/admission-config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nss := []*corev1.Namespace{psaNamespace("plain"), psaNamespace("open", "enforce", "privileged"),
		psaNamespace("shop", "enforce", "restricted", "enforce-version", "v1.29"), psaNamespace("monitoring")}
	m := Migrate(nss, cfg, prefix, "v1.35", "v1.37")
	c, err := NewPSAComparison(m)
	if err != nil {
		t.Fatal(err)
	}
	ev, rules := shipped(t, "manifests")
	if _, err := Audit(context.Background(), Options{Clients: shop(), Evaluator: ev, Rules: rules, Relabel: c.Relabel, Observe: c.Observe, Scope: Scope{Names: []string{"shop"}}}); err != nil {
		t.Fatal(err)
	}
	for _, format := range MigrationFormats {
		var buf bytes.Buffer
		if err := WriteMigration(&buf, format, m, c); err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, filepath.Join("testdata", "migrate."+format+".golden"), buf.Bytes(), *update)
	}
}
