// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package testkit is what the tests of several packages share: the
// repository's options, generating, an evaluator of what was generated,
// namespaces with vapgen's labels, and golden files.
package testkit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/config"
)

// Options are the options `vapgen generate --config <file>` runs with: the
// file's settings, its paths relative to its folder.
func Options(file string) (generator.Options, error) {
	cfg, err := config.Load(file, true)
	if err != nil {
		return generator.Options{}, err
	}
	return cfg.Options(), nil
}

// Generate generates; problems, and warnings unless allowed, are an error.
func Generate(opts generator.Options, allowWarnings bool) (*generator.Result, error) {
	res, problems := generator.Generate(opts)
	if res == nil {
		return nil, fmt.Errorf("generate: %v", problems)
	}
	if len(res.Warnings) > 0 && !allowWarnings {
		return nil, fmt.Errorf("generate: warnings: %v", res.Warnings)
	}
	return res, nil
}

// Evaluator compiles policies and bindings into an evaluator; anything the
// API server would reject or ignore is an error.
func Evaluator(policies []*admissionregistrationv1.ValidatingAdmissionPolicy, bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding) (*evaluator.Evaluator, error) {
	return EvaluatorOfObjects(evaluator.Objects{Policies: policies, Bindings: bindings})
}

// EvaluatorOfObjects compiles objects into an evaluator; anything the API
// server would reject or ignore is an error.
func EvaluatorOfObjects(objs evaluator.Objects, opts ...evaluator.Option) (*evaluator.Evaluator, error) {
	set, err := evaluator.NewSetOf(objs)
	if err != nil {
		return nil, err
	}
	if p := set.Problems(); len(p) > 0 {
		return nil, fmt.Errorf("the API server would reject or ignore: %v", p)
	}
	return evaluator.New(set, opts...)
}

// EvaluatorOf is the evaluator of everything a generation produced, its
// MutatingAdmissionPolicies included.
func EvaluatorOf(res *generator.Result, opts ...evaluator.Option) (*evaluator.Evaluator, error) {
	objs := evaluator.Objects{}
	objs.Policies, objs.Bindings = res.Objects()
	objs.Mutating, objs.MutatingBindings = res.MutatingObjects()
	return EvaluatorOfObjects(objs, opts...)
}

// Namespace is a namespace with the labels kv (key, value, ...); a key
// without "/" is one of vapgen's, under the default prefix. It has the
// kubernetes.io/metadata.name label, as the API server sets it.
func Namespace(name string, kv ...string) *corev1.Namespace {
	if len(kv)%2 != 0 {
		panic("testkit.Namespace: odd number of label arguments")
	}
	labels := map[string]string{"kubernetes.io/metadata.name": name}
	for i := 0; i < len(kv); i += 2 {
		key := kv[i]
		if !strings.Contains(key, "/") {
			key = generator.DefaultLabelPrefix + "/" + key
		}
		labels[key] = kv[i+1]
	}
	return &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
	}
}

// Golden compares got with the file at path, or writes it when update is
// set (the tests' -update flag).
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s is missing (run the test with -update, then review it)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got; run the test with -update and review the diff):\n%s", path, diff)
	}
}
