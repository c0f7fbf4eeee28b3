// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// checkInput writes n restricted 3-container Pods (or Deployments of them)
// in 10 namespaces labelled restricted, the way a GitOps folder holds them,
// as one file.
func checkInput(b *testing.B, n int, kind string) string {
	b.Helper()
	var buf bytes.Buffer
	for i := range 10 {
		fmt.Fprintf(&buf, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-%d\n  labels: {pod-security.vapgen.io/profile: restricted}\n---\n", i)
	}
	const spec = `securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
initContainers:
- name: init
  image: registry.example/init:1
  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
containers:
- name: app
  image: registry.example/app:1
  ports: [{containerPort: 8080}]
  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
- name: sidecar
  image: registry.example/sidecar:1
  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`
	for i := range n - 10 {
		switch kind {
		case "Pod":
			fmt.Fprintf(&buf, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-%d\n  namespace: shop-%d\nspec:\n%s---\n", i, i%10, indent(spec, "  "))
		default:
			fmt.Fprintf(&buf, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-%d\n  namespace: shop-%d\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n%s---\n",
				i, i%10, indent(spec, "      "))
		}
	}
	file := filepath.Join(b.TempDir(), "input.yaml")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return file
}

func indent(s, prefix string) string {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter([]byte(s), []byte("\n")) {
		if len(line) > 0 {
			out.WriteString(prefix)
			out.Write(line)
		}
	}
	return out.String()
}

// BenchmarkCheck runs `vapgen check -o json` over 10,000 resources (10
// Namespaces labelled restricted and 9,990 restricted Pods or Deployments)
// against the shipped manifests of each layout, as the CLI does it: load,
// compile, read, evaluate on every core, report. It reports resources/s.
func BenchmarkCheck(b *testing.B) {
	const n = 10000
	for _, kind := range []string{"Pod", "Deployment"} {
		input := checkInput(b, n, kind)
		for _, layout := range []string{"manifests", "manifests-per-profile"} {
			b.Run(kind+"/"+layout, func(b *testing.B) {
				manifests := filepath.Join("..", "..", layout)
				var stderr bytes.Buffer
				for b.Loop() {
					stderr.Reset()
					if code := Run([]string{"vapgen", "check", "--manifests", manifests, "-o", "json", input}, nil, io.Discard, &stderr); code != ExitOK {
						b.Fatalf("exit %d: %s", code, stderr.String())
					}
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "resources/s")
			})
		}
	}
}
