// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/evaluator/manifest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// items evaluates testdata/input.yaml against the evaluator's feature
// policies and the shipped secure defaults.
func items(t *testing.T) []Item {
	t.Helper()
	set, err := evaluator.Load("../testdata/features", "../../manifests/mutate")
	if err != nil {
		t.Fatal(err)
	}
	e, err := evaluator.New(set, evaluator.WithStoredObject())
	if err != nil {
		t.Fatal(err)
	}
	docs, err := manifest.Read("testdata/input.yaml")
	if err != nil {
		t.Fatal(err)
	}
	resources, err := manifest.Resources(docs, "")
	if err != nil {
		t.Fatal(err)
	}
	var out []Item
	for _, r := range resources {
		d, err := e.Evaluate(context.Background(), evaluator.Request{Object: r.Object, Namespace: r.Namespace})
		out = append(out, Item{Source: r.Source.String(), Object: r.Object, Decision: d, Err: err})
	}
	// A request that could not be evaluated (e.g. an UPDATE without its old object).
	return append(out, Item{Object: out[4].Object, Err: errors.New("UPDATE needs Object and OldObject")})
}

func TestFormats(t *testing.T) {
	all := items(t)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, f, all, now, Options{}); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", string(f)+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", f, golden, buf.String())
			}
		})
	}
	if err := Write(&bytes.Buffer{}, "xml", all, now, Options{}); err == nil || err.Error() != `unknown output format "xml" (want one of [text json policyreport yaml])` {
		t.Errorf("unknown format: %v", err)
	}
}
