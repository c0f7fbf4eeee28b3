// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ownerPolicy asks every Pod for an owner label.
const ownerPolicy = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: want-owner
spec:
  autogen:
    podControllers:
      controllers: []
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [pods]
  validations:
    - expression: "'owner' in object.metadata.?labels.orValue({})"
      message: "a Pod needs an owner label"
`

// hostPolicy keeps Pods off the host's network.
const hostPolicy = `apiVersion: policies.kyverno.io/v1
kind: ValidatingPolicy
metadata:
  name: no-host-net
spec:
  autogen:
    podControllers:
      controllers: []
  matchConstraints:
    resourceRules:
      - apiGroups: [""]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [pods]
  validations:
    - expression: "!object.spec.?hostNetwork.orValue(false)"
      message: "no host network"
`

const pods = `apiVersion: v1
kind: Pod
metadata:
  name: with-owner
  labels:
    owner: ops
spec:
  containers:
  - name: c
    image: registry.example/app:1
---
apiVersion: v1
kind: Pod
metadata:
  name: without-owner
spec:
  containers:
  - name: c
    image: registry.example/app:1
`

// ownerTest lists with-owner as a pass and without-owner as withoutOwner
// says.
func ownerTest(withoutOwner string) string {
	return `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata:
  name: want-owner
policies:
- ../want-owner.yaml
resources:
- pods.yaml
results:
- isValidatingPolicy: true
  kind: Pod
  policy: want-owner
  resources: [with-owner]
  result: pass
- isValidatingPolicy: true
  kind: Pod
  policy: want-owner
  resources: [without-owner, missing]
  result: ` + withoutOwner + `
`
}

const hostGood = `apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  containers:
  - name: c
    image: registry.example/app:1
`

const hostBad = `apiVersion: v1
kind: Pod
metadata:
  name: on-host
spec:
  hostNetwork: true
  containers:
  - name: c
    image: registry.example/app:1
`

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name, withoutOwner, hostBad string
		want                        string
	}{{
		name: "agree", withoutOwner: "fail", hostBad: hostBad,
		want: `policy files: 2; converted 2, skipped (--skip-unsupported) 0, failed 0
rules: 2; converted 2, skipped 0, in failed policy files 0
MutatingPolicies: 0; converted 0
validating policies: 2; converted 2
Kyverno CLI test results of converted MutatingPolicies that can be compared: 0; agree 0
validating Kyverno tests: 2/2 agree (1 not comparable)
chainsaw fixtures: 2/2 agree (0 not comparable)
`,
	}, {
		name: "disagree", withoutOwner: "pass", hostBad: hostGood,
		want: `DISAGREES demo-vpol/nested/no-host-net/no-host-net.yaml: pod-bad.yaml: Pod/plain: want denied, got admitted (1 generated policies matched and passed)
DISAGREES demo-vpol/want-owner/want-owner.yaml: Pod/without-owner: want admitted, got denied (want-owner: a Pod needs an owner label (opt out: namespace label pod-security.vapgen.io/want-owner=exclude))
policy files: 2; converted 2, skipped (--skip-unsupported) 0, failed 0
rules: 2; converted 2, skipped 0, in failed policy files 0
MutatingPolicies: 0; converted 0
validating policies: 2; converted 2
Kyverno CLI test results of converted MutatingPolicies that can be compared: 0; agree 0
validating Kyverno tests: 1/2 agree (1 not comparable)
chainsaw fixtures: 1/2 agree (0 not comparable)
`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			lib := t.TempDir()
			write(t, lib, map[string]string{
				"demo-vpol/want-owner/want-owner.yaml":                           ownerPolicy,
				"demo-vpol/want-owner/.kyverno-test/kyverno-test.yaml":           ownerTest(tc.withoutOwner),
				"demo-vpol/want-owner/.kyverno-test/pods.yaml":                   pods,
				"demo-vpol/nested/no-host-net/no-host-net.yaml":                  hostPolicy,
				"demo-vpol/nested/no-host-net/.chainsaw-test/pod-good.yaml":      hostGood,
				"demo-vpol/nested/no-host-net/.chainsaw-test/pod-bad.yaml":       tc.hostBad,
				"demo-vpol/nested/no-host-net/.chainsaw-test/chainsaw-test.yaml": "apiVersion: chainsaw.kyverno.io/v1alpha1\nkind: Test\n",
				"other/ignored/ignored.yaml":                                     hostPolicy,
			})
			var out strings.Builder
			totals, err := run(lib, "*-vpol", options{}, &out)
			if err != nil {
				t.Fatal(err)
			}
			totals.print(&out)
			if got := out.String(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
