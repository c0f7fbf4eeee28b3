// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/vapgen/vapgen/evaluator/manifest"
)

// TestForNamespaceIsExact proves an Evaluator of ForNamespace decides every
// request in its namespace exactly like the full one, for the corpus of
// TestFastPathIsExact in a namespace per feature (whose bindings select
// them by label), and that it refuses requests it is not for.
func TestForNamespaceIsExact(t *testing.T) {
	full := newEvaluator(t, []string{"testdata/features", "testdata/restricted"})
	objects, err := manifest.Read("testdata/objects")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("testdata/features")
	if err != nil {
		t.Fatal(err)
	}
	features := []string{"param-found", "param-missing-deny", "warn", "audit", "failure-fail"}
	for _, e := range entries {
		features = append(features, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	compared, skipped := 0, 0
	for _, f := range features {
		ns := feature(f)
		view, err := full.ForNamespace(ns)
		if err != nil {
			t.Fatal(err)
		}
		if len(view.hooks) >= len(full.hooks) {
			t.Errorf("namespace %s: the view keeps all %d policies", ns.Name, len(full.hooks))
		}
		for _, doc := range objects {
			for _, req := range variants(doc.Object, ns) {
				want, wantErr := full.Evaluate(context.Background(), req)
				got, err := view.Evaluate(context.Background(), req)
				switch {
				case wantErr != nil:
					continue
				case err != nil && want.Namespace == "":
					skipped++ // cluster-scoped: the view refuses it
					continue
				case err != nil:
					t.Errorf("%s in %s: view: %v", describe(req), ns.Name, err)
				case !reflect.DeepEqual(got, want):
					t.Errorf("%s %s in %s: view and full differ\n view: %#v\n full: %#v", req.Operation, describe(req), ns.Name, got, want)
				}
				compared++
			}
		}
	}
	if compared < 100 || skipped == 0 {
		t.Fatalf("compared %d requests, skipped %d cluster-scoped ones", compared, skipped)
	}
	view, err := full.ForNamespace(feature("match"))
	if err != nil {
		t.Fatal(err)
	}
	pod := fixture(t, "pod-team")
	for _, ns := range []*corev1.Namespace{feature("selectors"), ns("ns-match", map[string]string{"feature": "other"})} {
		if _, err := view.Evaluate(context.Background(), Request{Object: pod, Namespace: ns}); err == nil {
			t.Errorf("the view for ns-match judged a request in %s with labels %v", ns.Name, ns.Labels)
		}
	}
	t.Logf("%d requests decided alike, %d cluster-scoped ones refused", compared, skipped)
}
