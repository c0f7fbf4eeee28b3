// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vapgen/vapgen/generator/output"
)

func TestGenerateStaticManifests(t *testing.T) {
	out := filepath.Join(t.TempDir(), "static")
	code, stdout, stderr := run(t, "generate", "--policies", "testdata/valid.yaml", "--overlays", t.TempDir(),
		"--format", "static-manifests", "--out", out, "--apiserver-dir", "/srv/vapgen/./static/")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	want := "vapgen: wrote 9 policies and 25 bindings (units: 2 baseline, 1 guard) to " + out + "\n" +
		"vapgen: kube-apiserver reads it at /srv/vapgen/static: --admission-control-config-file=/srv/vapgen/static/admission-configuration.yaml\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	got := readDir(t, out)
	wantFiles := []string{"admission-configuration.yaml", "policies/disallow-host-process-containers.yaml", "policies/disallow-host-process-pod-host-process.yaml", "policies/vapgen-label-guard.yaml"}
	if strings.Join(got, " ") != strings.Join(wantFiles, " ") {
		t.Errorf("files %v, want %v", got, wantFiles)
	}
	config, err := os.ReadFile(filepath.Join(out, "admission-configuration.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(config), "      staticManifestsDir: /srv/vapgen/static/policies\n") {
		t.Errorf("admission configuration does not point at /srv/vapgen/static/policies:\n%s", config)
	}
}

func TestGenerateFormatUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown format", []string{"--format", "helm", "--out", out}, `vapgen: --format: want kustomize or static-manifests, not "helm"` + "\n"},
		{"static without --out", []string{"--format", "static-manifests"}, "vapgen: --format static-manifests: needs --out DIR, a directory of its own (not -, nor the kustomize tree's)\n"},
		{"static to stdout", []string{"--format", "static-manifests", "--out", "-"}, "vapgen: --format static-manifests: needs --out DIR, a directory of its own (not -, nor the kustomize tree's)\n"},
		{"relative apiserver dir", []string{"--format", "static-manifests", "--out", out, "--apiserver-dir", "etc/vapgen"}, `vapgen: --apiserver-dir: want an absolute path (kube-apiserver's staticManifestsDir must be one), not "etc/vapgen"` + "\n"},
		{"apiserver dir with kustomize", []string{"--out", out, "--apiserver-dir", "/etc/vapgen"}, "vapgen: --apiserver-dir: only with --format static-manifests\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"generate", "--policies", "testdata/valid.yaml", "--overlays", t.TempDir()}, tt.args...)
			code, stdout, stderr := run(t, args...)
			if code != ExitUsage || stdout != "" || stderr != tt.want {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d, stderr %q", code, stdout, stderr, ExitUsage, tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s was written", out)
			}
		})
	}
}

// TestGenerateKeepsFormsApart: neither form replaces a tree of the other.
func TestGenerateKeepsFormsApart(t *testing.T) {
	kustomize := filepath.Join(t.TempDir(), "manifests")
	static := filepath.Join(t.TempDir(), "static")
	base := []string{"generate", "--policies", "testdata/valid.yaml", "--overlays", t.TempDir()}
	for _, args := range [][]string{{"--out", kustomize}, {"--format", "static-manifests", "--out", static}} {
		if code, _, stderr := run(t, append(base, args...)...); code != ExitOK {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "static-manifests", "--out", kustomize}, "vapgen: --out " + kustomize + " holds a kustomize tree (kustomization.yaml); write each form to a directory of its own\n"},
		{[]string{"--out", static}, "vapgen: --out " + static + " holds a static-manifests tree (admission-configuration.yaml); write each form to a directory of its own\n"},
	} {
		code, _, stderr := run(t, append(base, tt.args...)...)
		if code != ExitUsage || stderr != tt.want {
			t.Errorf("%v: exit %d, stderr %q; want exit %d, %q", tt.args, code, stderr, ExitUsage, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(static, "policies", "vapgen-label-guard.yaml")); err != nil {
		t.Errorf("the static tree was touched: %v", err)
	}
	if _, err := os.Stat(filepath.Join(kustomize, "guard", "vapgen-label-guard.yaml")); err != nil {
		t.Errorf("the kustomize tree was touched: %v", err)
	}
}

// readDir lists the files under dir, sorted, slash-separated.
func readDir(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCheckStaticRefuses(t *testing.T) {
	const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: p.static.k8s.io
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
  validations:
  - expression: "true"
`
	const binding = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: b.static.k8s.io
spec:
  policyName: missing.static.k8s.io
  validationActions: [Deny]
`
	for _, tt := range []struct {
		name, content, want string
	}{
		{"paramKind", policy, `kube-apiserver would refuse the static manifests: error loading policies/x.yaml: ValidatingAdmissionPolicy "p.static.k8s.io": spec.paramKind is not supported for static manifests; nothing was written`},
		{"dangling binding", binding, `kube-apiserver would refuse the static manifests: binding "b.static.k8s.io" references policy "missing.static.k8s.io" which does not exist in the manifest directory; nothing was written`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := []output.File{{Path: "admission-configuration.yaml", Content: []byte("not a policy")}, {Path: "policies/x.yaml", Content: []byte(tt.content)}}
			err := checkStatic(files)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
