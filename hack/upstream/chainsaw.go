// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/evaluator/manifest"
	"github.com/vapgen/vapgen/generator"
)

// fixturePatterns are the Chainsaw fixtures of the pod-security folders:
// every object of a *-good* file must be admitted, of a *-bad* file denied.
var fixturePatterns = []string{"pod-good*.yaml", "pod-bad*.yaml", "podcontroller-good*.yaml", "podcontroller-bad*.yaml"}

// runChainsaw creates every object of a converted validating policy's
// Chainsaw fixtures with the generated policies. When a rule of the policy
// was left out, a bad fixture may break only that rule: the fixtures are
// then not comparable.
func runChainsaw(dir string, result *generator.Result) tally {
	var t tally
	var files []string
	for _, p := range fixturePatterns {
		m, _ := filepath.Glob(filepath.Join(dir, ".chainsaw-test", p))
		files = append(files, m...)
	}
	if len(files) == 0 {
		return t
	}
	nss, params := setup(filepath.Join(dir, ".chainsaw-test"))
	v, err := newValidating(result, params)
	if err != nil {
		t.msgs = append(t.msgs, err.Error())
		return t
	}
	for _, f := range files {
		docs, err := manifest.Read(f)
		if err != nil {
			t.msgs = append(t.msgs, err.Error())
			continue
		}
		want := "admitted"
		if strings.Contains(filepath.Base(f), "-bad") {
			want = "denied"
		}
		for _, d := range docs {
			ref := filepath.Base(f) + ": " + d.Object.GetKind() + "/" + d.Object.GetName()
			if len(v.skipped) > 0 {
				t.notCompared(ref, "a rule of the policy was skipped")
				continue
			}
			got, msg := v.verdict(d.Object, "", "", nss)
			t.compare(ref, want, got, msg)
		}
	}
	return t
}

// chainsawTest is the part of a Chainsaw test this program reads: the
// files its steps apply or create.
type chainsawTest struct {
	Spec struct {
		Steps []struct {
			Try []struct {
				Apply  *struct{ File string } `json:"apply"`
				Create *struct{ File string } `json:"create"`
			} `json:"try"`
		} `json:"steps"`
	} `json:"spec"`
}

// setup reads what a Chainsaw test applies besides the policy and the
// fixtures: its namespaces, and the other objects, which the
// generated policies may use as params.
func setup(testDir string) (namespaces, []*unstructured.Unstructured) {
	nss := namespaces{}
	var params []*unstructured.Unstructured
	data, err := os.ReadFile(filepath.Join(testDir, "chainsaw-test.yaml"))
	var test chainsawTest
	if err != nil || yaml.Unmarshal(data, &test) != nil {
		return nss, nil
	}
	for _, step := range test.Spec.Steps {
		for _, op := range step.Try {
			file := ""
			switch {
			case op.Apply != nil:
				file = op.Apply.File
			case op.Create != nil:
				file = op.Create.File
			}
			if file == "" || strings.HasPrefix(file, "..") || isFixture(file) {
				continue
			}
			docs, err := manifest.Read(filepath.Join(testDir, file))
			if err != nil {
				continue
			}
			for _, d := range docs {
				if d.Object.GetKind() == "Namespace" {
					nss[d.Object.GetName()] = namespace{labels: d.Object.GetLabels(), annotations: d.Object.GetAnnotations()}
				} else {
					params = append(params, d.Object)
				}
			}
		}
	}
	return nss, params
}

func isFixture(file string) bool {
	for _, p := range fixturePatterns {
		if ok, _ := filepath.Match(p, filepath.Base(file)); ok {
			return true
		}
	}
	return false
}
