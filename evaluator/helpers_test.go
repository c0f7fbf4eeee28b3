// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/evaluator/manifest"
)

// obj parses a YAML manifest into an unstructured object.
func obj(t testing.TB, manifest string) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := yaml.Unmarshal([]byte(manifest), &u.Object); err != nil {
		t.Fatalf("bad test manifest: %v", err)
	}
	return u
}

// ns returns a namespace with labels (the API server adds the name label).
func ns(name string, labels map[string]string) *corev1.Namespace {
	n := &corev1.Namespace{}
	n.Name = name
	n.Labels = labels
	return n
}

func feature(name string) *corev1.Namespace {
	return ns("ns-"+name, map[string]string{"feature": name})
}

func newEvaluator(t testing.TB, paths []string, opts ...Option) *Evaluator {
	t.Helper()
	set, err := Load(paths...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	e, err := New(set, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

func evaluate(t testing.TB, e *Evaluator, req Request) Decision {
	t.Helper()
	d, err := e.Evaluate(context.Background(), req)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	return d
}

// fixture reads the object of a one-document file under testdata/objects.
func fixture(t testing.TB, name string) *unstructured.Unstructured {
	t.Helper()
	docs, err := manifest.Read("testdata/objects/" + name + ".yaml")
	if err != nil || len(docs) != 1 {
		t.Fatalf("fixture %s: %d documents, %v", name, len(docs), err)
	}
	return docs[0].Object
}

// sameDecision compares decisions, treating nil and empty alike.
func sameDecision(t testing.TB, got, want Decision) {
	t.Helper()
	norm := func(d Decision) Decision {
		if len(d.Warnings) == 0 {
			d.Warnings = nil
		}
		if len(d.AuditAnnotations) == 0 {
			d.AuditAnnotations = nil
		}
		if len(d.Results) == 0 {
			d.Results = nil
		}
		return d
	}
	if got, want := norm(got), norm(want); !reflect.DeepEqual(got, want) {
		t.Errorf("decision differs\n got: %#v\nwant: %#v", got, want)
	}
}
