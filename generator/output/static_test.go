// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output_test

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	"k8s.io/apiserver/pkg/admission"
	policyconfig "k8s.io/apiserver/pkg/admission/plugin/policy/config"
	apiserverapi "k8s.io/apiserver/pkg/apis/apiserver"
	apiserverapiv1 "k8s.io/apiserver/pkg/apis/apiserver/v1"
	"k8s.io/kubernetes/pkg/admission/plugin/policy/manifest/loader"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
	"github.com/vapgen/vapgen/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestStaticTreeGolden renders golden cases of the generator (one per
// layout) in the static form and compares every file with
// testdata/static/<case>.txt.
func TestStaticTreeGolden(t *testing.T) {
	for _, name := range []string{"namespaced-policy", "pss-versions-per-profile"} {
		t.Run(name, func(t *testing.T) {
			opts, err := testkit.Options(filepath.Join("..", "testdata", "golden", name, "vapgen.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := testkit.Generate(opts, true)
			if err != nil {
				t.Fatal(err)
			}
			files, err := output.StaticTree(res.Units, "/etc/kubernetes/vapgen/static")
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			for _, f := range files {
				buf.WriteString("=== " + f.Path + "\n")
				buf.Write(f.Content)
			}
			testkit.Golden(t, filepath.Join("testdata", "static", name+".txt"), buf.Bytes(), *update)
		})
	}
}

func TestStaticTreeRefusesRelativeDir(t *testing.T) {
	_, err := output.StaticTree(nil, "etc/vapgen")
	if want := `the directory kube-apiserver reads must be an absolute path, not "etc/vapgen"`; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestStaticKeepsUnit: the static copy leaves the unit it was made from as
// it was, so both forms can be written from one generation.
func TestStaticKeepsUnit(t *testing.T) {
	res := repoPolicies(t, generator.PerRule)
	u := res.Units[0]
	before := u.Policy.DeepCopy()
	s := output.Static(u)
	if u.Policy.Name != before.Name || u.Bindings[0].Spec.PolicyName != before.Name {
		t.Errorf("the unit was renamed: policy %q, binding's policy %q", u.Policy.Name, u.Bindings[0].Spec.PolicyName)
	}
	if s.Policy != s.Policies[0] || s.Policy.Name != before.Name+output.StaticSuffix {
		t.Errorf("static policy = %q, want %q as Policies[0]", s.Policy.Name, before.Name+output.StaticSuffix)
	}
}

// TestStaticTreeLoadsInAPIServer writes the repository's policies in both
// layouts as kube-apiserver 1.37 reads them: the admission configuration
// through its own reader and the ValidatingAdmissionPolicy plugin's config
// loader, the directory through its static-manifest loader (names,
// references, defaulting and create validation). The loaded set then
// decides every request like the API objects of the kustomize form.
func TestStaticTreeLoadsInAPIServer(t *testing.T) {
	for _, layout := range []generator.Layout{generator.PerRule, generator.PerProfile} {
		t.Run(string(layout), func(t *testing.T) {
			res := repoPolicies(t, layout)
			dir := filepath.Join(t.TempDir(), "static")
			files, err := output.StaticTree(res.Units, dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := output.WriteTree(dir, files); err != nil {
				t.Fatal(err)
			}
			loaded := loadStatic(t, filepath.Join(dir, output.AdmissionConfigFile))
			policies, bindings := res.Objects()
			if diff := cmp.Diff(staticNames(policies), names(loaded.Policies)); diff != "" {
				t.Errorf("loaded policies (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(staticNames(bindings), names(loaded.Bindings)); diff != "" {
				t.Errorf("loaded bindings (-want +got):\n%s", diff)
			}
			static, err := testkit.Evaluator(loaded.Policies, loaded.Bindings)
			if err != nil {
				t.Fatal(err)
			}
			api, err := testkit.EvaluatorOf(res)
			if err != nil {
				t.Fatal(err)
			}
			sameDecisions(t, api, static)
		})
	}
}

func repoPolicies(t *testing.T, layout generator.Layout) *generator.Result {
	t.Helper()
	opts, err := testkit.Options(filepath.Join("..", "..", "vapgen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	opts.Layout = layout
	res, err := testkit.Generate(opts, false)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// loadStatic reads an admission configuration file and its static
// manifests with kube-apiserver's code.
func loadStatic(t *testing.T, file string) *loader.LoadedValidatingPolicyManifests {
	t.Helper()
	scheme := runtime.NewScheme()
	utilruntime.Must(apiserverapi.AddToScheme(scheme))
	utilruntime.Must(apiserverapiv1.AddToScheme(scheme))
	provider, err := admission.ReadAdmissionConfiguration([]string{"ValidatingAdmissionPolicy"}, file, scheme)
	if err != nil {
		t.Fatal(err)
	}
	r, err := provider.ConfigFor("ValidatingAdmissionPolicy")
	if err != nil || r == nil {
		t.Fatalf("no configuration for the ValidatingAdmissionPolicy plugin (err %v)", err)
	}
	cfg, err := policyconfig.LoadValidatingConfig(r)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(file), output.StaticPoliciesDir); cfg.StaticManifestsDir != want {
		t.Fatalf("staticManifestsDir = %q, want %q", cfg.StaticManifestsDir, want)
	}
	loaded, err := loader.LoadValidatingManifestsFromDirectory(cfg.StaticManifestsDir)
	if err != nil {
		t.Fatal(err)
	}
	return loaded
}

// sameDecisions sends pods to namespaces of every kind and expects the
// same answers from both sets, but for the policy and binding names.
func sameDecisions(t *testing.T, api, static *evaluator.Evaluator) {
	t.Helper()
	namespaces := []*corev1.Namespace{
		testkit.Namespace("plain"),
		testkit.Namespace("base", "profile", "baseline"),
		testkit.Namespace("strict", "profile", "restricted"),
		testkit.Namespace("strict-opt-out", "profile", "restricted", "disallow-privileged-containers", "exclude"),
		testkit.Namespace("warned", "warn", "restricted"),
	}
	pods := map[string]*corev1.Pod{"plain": pod(nil), "privileged": pod(func(c *corev1.Container) {
		c.SecurityContext = &corev1.SecurityContext{Privileged: ptr(true)}
	}), "restricted": restrictedPod()}
	denied := 0
	for _, ns := range namespaces {
		for name, p := range pods {
			req := evaluator.Request{Object: p.DeepCopy(), Namespace: ns}
			want, err := api.Evaluate(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := static.Evaluate(context.Background(), evaluator.Request{Object: p.DeepCopy(), Namespace: ns})
			if err != nil {
				t.Fatal(err)
			}
			if !want.Allowed {
				denied++
			}
			if got.Allowed != want.Allowed || unsuffixed(got.Message) != want.Message || unsuffixed(strings.Join(got.Warnings, "\n")) != strings.Join(want.Warnings, "\n") {
				t.Errorf("%s pod in namespace %s: static form allowed=%v %q %q, API objects allowed=%v %q %q",
					name, ns.Name, got.Allowed, got.Message, got.Warnings, want.Allowed, want.Message, want.Warnings)
			}
		}
	}
	if denied == 0 {
		t.Error("no request was denied: the comparison proves nothing")
	}
}

func pod(mod func(*corev1.Container)) *corev1.Pod {
	p := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "web"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example/app:1"}}},
	}
	if mod != nil {
		mod(&p.Spec.Containers[0])
	}
	return p
}

func restrictedPod() *corev1.Pod {
	p := pod(func(c *corev1.Container) {
		c.SecurityContext = &corev1.SecurityContext{
			AllowPrivilegeEscalation: ptr(false),
			Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		}
	})
	p.Spec.SecurityContext = &corev1.PodSecurityContext{
		RunAsNonRoot:   ptr(true),
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
	return p
}

func ptr[T any](v T) *T { return &v }

func unsuffixed(s string) string { return strings.ReplaceAll(s, output.StaticSuffix, "") }

func names[T metav1.Object](objs []T) []string {
	var out []string
	for _, o := range objs {
		out = append(out, o.GetName())
	}
	sort.Strings(out)
	return out
}

func staticNames[T metav1.Object](objs []T) []string {
	out := names(objs)
	for i := range out {
		out[i] += output.StaticSuffix
	}
	sort.Strings(out)
	return out
}
