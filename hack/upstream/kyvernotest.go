// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/evaluator/manifest"
	"github.com/vapgen/vapgen/generator"
)

// kyvernoTest is the part of a Kyverno CLI test (cli.kyverno.io/v1alpha1
// Test) this program reads.
type kyvernoTest struct {
	Policies  []string `json:"policies"`
	Resources []string `json:"resources"`
	Variables string   `json:"variables"`
	Results   []struct {
		Kind             string   `json:"kind"`
		Policy           string   `json:"policy"`
		Rule             string   `json:"rule"`
		Resources        []string `json:"resources"`
		Result           string   `json:"result"`
		PatchedResources string   `json:"patchedResources"`
	} `json:"results"`
}

// kyvernoValues is the part of a Kyverno CLI test's values file
// (cli.kyverno.io/v1alpha1 Values) this program reads: namespace labels.
type kyvernoValues struct {
	NamespaceSelector []struct {
		Name   string            `json:"name"`
		Labels map[string]string `json:"labels"`
	} `json:"namespaceSelector"`
}

// unverifiable marks a result the test gives nothing to compare with: a
// "pass" without a patched resource for an object the policy leaves as it
// is (it already holds what the policy sets).
const unverifiable = "unverifiable"

// namespace is what a test gives a namespace.
type namespace struct{ labels, annotations map[string]string }

// namespaces are a test's namespaces by name.
type namespaces map[string]namespace

// kyvernoCase is a folder's Kyverno CLI test with what its results refer
// to: the resources by kind/name and kind/namespace/name, and the labels of
// the namespaces its values file lists.
type kyvernoCase struct {
	dir       string
	test      kyvernoTest
	resources map[string]*unstructured.Unstructured
	nss       namespaces
}

// readKyvernoTest reads a folder's .kyverno-test/kyverno-test.yaml; nil
// without error when the folder has none.
func readKyvernoTest(dir string) (*kyvernoCase, error) {
	testDir := filepath.Join(dir, ".kyverno-test")
	data, err := os.ReadFile(filepath.Join(testDir, "kyverno-test.yaml"))
	if err != nil {
		return nil, nil
	}
	c := &kyvernoCase{dir: testDir, resources: map[string]*unstructured.Unstructured{}, nss: namespaces{}}
	if err := yaml.Unmarshal(data, &c.test); err != nil {
		return nil, fmt.Errorf("reading the Kyverno test: %w", err)
	}
	if c.test.Variables != "" {
		var values kyvernoValues
		if data, err := os.ReadFile(filepath.Join(testDir, c.test.Variables)); err == nil && yaml.Unmarshal(data, &values) == nil {
			for _, n := range values.NamespaceSelector {
				c.nss[n.Name] = namespace{labels: n.Labels}
			}
		}
	}
	for _, f := range c.test.Resources {
		docs, err := manifest.Read(filepath.Join(testDir, f))
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			o := d.Object
			c.resources[o.GetKind()+"/"+o.GetName()] = o
			c.resources[o.GetKind()+"/"+namespaceOf(o)+"/"+o.GetName()] = o
		}
	}
	return c, nil
}

func namespaceOf(o *unstructured.Unstructured) string {
	if ns := o.GetNamespace(); ns != "" {
		return ns
	}
	return "default"
}

// runKyvernoTest checks a converted MutatingPolicy against its folder's
// Kyverno CLI test; it returns how many results agree, of how many that
// can be compared, and what disagrees.
func runKyvernoTest(dir string, result *generator.Result) (agree, total int, msgs []string) {
	c, err := readKyvernoTest(dir)
	if c == nil {
		if err != nil {
			return 0, 0, []string{err.Error()}
		}
		return 0, 0, nil
	}
	ev, err := evaluatorOf(result, nil, evaluator.WithStoredObject())
	if err != nil {
		return 0, 0, []string{err.Error()}
	}
	for _, r := range c.test.Results {
		if r.Result != "pass" && r.Result != "skip" {
			continue
		}
		for _, name := range r.Resources {
			msg := judge(ev, c.dir, c.resources[r.Kind+"/"+name], r.Kind+"/"+name, r.Result, r.PatchedResources, c.nss)
			switch msg {
			case unverifiable:
				continue
			case "":
				agree++
			default:
				msgs = append(msgs, msg)
			}
			total++
		}
	}
	return agree, total, msgs
}

func evaluatorOf(result *generator.Result, params []*unstructured.Unstructured, opts ...evaluator.Option) (*evaluator.Evaluator, error) {
	objs := evaluator.Objects{Params: params}
	objs.Policies, objs.Bindings = result.Objects()
	objs.Mutating, objs.MutatingBindings = result.MutatingObjects()
	set, err := evaluator.NewSetOf(objs)
	if err != nil {
		return nil, err
	}
	return evaluator.New(set, append([]evaluator.Option{evaluator.FieldValidation("Ignore")}, opts...)...)
}

// requestFor creates obj in its namespace (default when it names none),
// which has the labels and the labels and annotations the test gives it; a
// Namespace gets the labels itself: bindings select a Namespace by its own
// labels.
func requestFor(obj *unstructured.Unstructured, labels map[string]string, nss namespaces) evaluator.Request {
	ns := &corev1.Namespace{}
	ns.Name = namespaceOf(obj)
	ns.Labels = maps.Clone(labels)
	maps.Copy(ns.Labels, nss[ns.Name].labels)
	ns.Annotations = nss[ns.Name].annotations
	obj = obj.DeepCopy()
	if obj.GetKind() == "Namespace" {
		own := obj.GetLabels()
		if own == nil {
			own = map[string]string{}
		}
		maps.Copy(own, labels)
		obj.SetLabels(own)
	}
	return evaluator.Request{Object: obj, Namespace: ns}
}

// judge creates one resource in a namespace labelled mutate: restricted and
// compares the outcome with Kyverno's result. Kyverno's
// patched resource is the object it was given with the patch applied,
// without the API server's defaults: a "pass" agrees when the stored object
// holds every field of it (the defaults may already hold what the policy
// sets: then nothing changes), or, without a patched resource, when a
// mutation changed the object.
func judge(ev *evaluator.Evaluator, testDir string, obj *unstructured.Unstructured, ref, want, patched string, nss namespaces) string {
	if obj == nil {
		return ref + ": not among the test's resources"
	}
	mutate := generator.MutateLabelKey(generator.DefaultLabelPrefix)
	req := requestFor(obj, map[string]string{mutate: string(generator.Restricted)}, nss)
	obj = req.Object.(*unstructured.Unstructured)
	d, err := ev.Evaluate(context.Background(), req)
	switch {
	case err != nil:
		return fmt.Sprintf("%s: %v", ref, err)
	case !d.Allowed:
		return fmt.Sprintf("%s: denied: %s", ref, d.Message)
	case want == "skip" && len(d.Mutations) > 0:
		return fmt.Sprintf("%s: Kyverno skips it, the MutatingAdmissionPolicy changed %v", ref, d.Mutations)
	case want == "skip":
		return ""
	case patched == "" && len(d.Mutations) == 0:
		return unverifiable
	case patched == "":
		return ""
	}
	docs, err := manifest.Read(filepath.Join(testDir, patched))
	if err != nil {
		return err.Error()
	}
	for _, doc := range docs {
		if doc.Object.GetKind() == obj.GetKind() && doc.Object.GetName() == obj.GetName() {
			want := doc.Object.DeepCopy()
			if want.GetKind() == "Namespace" {
				unstructured.RemoveNestedField(want.Object, "metadata", "labels", mutate)
				unstructured.RemoveNestedField(d.Object.Object, "metadata", "labels", mutate)
			}
			if path, ok := subset(want.Object, d.Object.Object, ""); !ok {
				return fmt.Sprintf("%s: the stored object differs from Kyverno's patched resource at %s", ref, path)
			}
			return ""
		}
	}
	return unverifiable
}

// subset reports whether every field of want is in got with the same value
// (lists item by item), and where it is not.
func subset(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p, ok := subset(w[k], g[k], path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path, false
		}
		for i := range w {
			if p, ok := subset(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); !ok {
				return p, false
			}
		}
		return "", true
	}
	if fmt.Sprint(want) == fmt.Sprint(got) || reflect.DeepEqual(want, got) {
		return "", true
	}
	return path, false
}
