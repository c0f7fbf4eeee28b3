// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/evaluator/manifest"
)

// TestFastPathIsExact proves the default fast path (the object converted to
// unstructured form once) decides exactly like the API server's path (the
// internal object converted by the dispatcher for every policy): same
// allowed, message, code, reason, warnings, audit annotations and results,
// for a corpus of objects, namespaces, operations and users, against the
// feature and restricted policy sets together.
func TestFastPathIsExact(t *testing.T) {
	paths := []string{"testdata/features", "testdata/restricted"}
	fast := newEvaluator(t, paths)
	exact := newEvaluator(t, paths, Exact())

	objects, err := manifest.Read("testdata/objects")
	if err != nil {
		t.Fatal(err)
	}
	pass, fail := psaFixtures(t)
	var namespaces []*corev1.Namespace
	entries, err := os.ReadDir("testdata/features")
	if err != nil {
		t.Fatal(err)
	}
	features := []string{"param-found", "param-missing-deny", "param-missing-allow", "failure-fail", "failure-ignore", "subresource-debug", "warn", "audit"}
	for _, e := range entries {
		features = append(features, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	for _, f := range features {
		namespaces = append(namespaces, feature(f))
	}
	namespaces = append(namespaces, nil)

	var requests []Request
	for _, doc := range objects {
		for _, ns := range namespaces {
			requests = append(requests, variants(doc.Object, ns)...)
		}
	}
	for _, doc := range append(pass, fail...) {
		for _, ns := range []*corev1.Namespace{nil, feature("selectors"), feature("defaulting")} {
			requests = append(requests, variants(doc.Object, ns)...)
		}
	}
	denied := 0
	for i, req := range requests {
		f, exactD := evaluate(t, fast, req), evaluate(t, exact, req)
		if !reflect.DeepEqual(f, exactD) {
			t.Errorf("request %d (%s %s in %v): fast and exact differ\n fast: %#v\nexact: %#v", i, req.Operation, describe(req), req.Namespace, f, exactD)
		}
		if !f.Allowed {
			denied++
		}
	}
	if denied == 0 || denied == len(requests) {
		t.Fatalf("corpus does not discriminate: %d of %d denied", denied, len(requests))
	}
	t.Logf("%d requests, %d denied, decided alike", len(requests), denied)
}

// variants makes CREATE, UPDATE (labels changed; status for pods, and the
// ephemeralcontainers subresource), DELETE, dry-run and non-admin requests.
func variants(obj *unstructured.Unstructured, ns *corev1.Namespace) []Request {
	changed := obj.DeepCopy()
	labels := changed.GetLabels()
	if labels == nil {
		labels = map[string]string{}
	}
	labels["owner"] = "bob"
	changed.SetLabels(labels)
	reqs := []Request{
		{Object: obj, Namespace: ns},
		{Object: changed, OldObject: obj, Namespace: ns},
		{OldObject: obj, Operation: admission.Delete, Namespace: ns},
		{Object: obj, Namespace: ns, DryRun: true, UserInfo: &user.DefaultInfo{Name: "dev", Groups: []string{user.AllAuthenticated}}},
	}
	if obj.GetKind() == "Pod" {
		reqs = append(reqs, Request{Object: changed, OldObject: obj, SubResource: "ephemeralcontainers", Namespace: ns})
	}
	return reqs
}

func describe(r Request) string {
	o := r.Object
	if o == nil {
		o = r.OldObject
	}
	u := o.(*unstructured.Unstructured)
	return fmt.Sprintf("%s %s/%s", u.GetKind(), r.SubResource, u.GetName())
}

// TestTypedObjects: a Go-typed object is decided like its manifest.
func TestTypedObjects(t *testing.T) {
	e := newEvaluator(t, []string{"testdata/features"})
	for _, name := range []string{"pod-no-team", "deployment-1-replicas", "configmap-plain"} {
		u := fixture(t, name)
		typed, err := kubeScheme().New(u.GroupVersionKind())
		if err != nil {
			t.Fatal(err)
		}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, typed); err != nil {
			t.Fatal(err)
		}
		typed.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{}) // as client-go leaves typed objects
		for _, ns := range []*corev1.Namespace{feature("selectors"), feature("match"), feature("failure-fail")} {
			sameDecision(t, evaluate(t, e, Request{Object: typed, Namespace: ns}), evaluate(t, e, Request{Object: u, Namespace: ns}))
		}
	}
}
