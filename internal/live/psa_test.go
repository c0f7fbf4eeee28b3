// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func psaNamespace(name string, kv ...string) *corev1.Namespace {
	ns := namespace(name)
	for i := 0; i+1 < len(kv); i += 2 {
		ns.Labels["pod-security.kubernetes.io/"+kv[i]] = kv[i+1]
	}
	return ns
}

// TestMigrateBuiltIn: with PSA's built-in defaults (privileged), labels map
// one to one; warn and audit only when stricter than enforce.
func TestMigrateBuiltIn(t *testing.T) {
	nss := []*corev1.Namespace{
		psaNamespace("none"),
		psaNamespace("r", "enforce", "restricted", "enforce-version", "v1.35"),
		psaNamespace("b", "enforce", "baseline", "warn", "restricted", "audit", "baseline"),
		psaNamespace("p", "enforce", "privileged", "audit", "restricted", "audit-version", "v1.29"),
		psaNamespace("bad", "enforce", "strict"),
	}
	m := Migrate(nss, BuiltInPSA(), prefix, "v1.35", "v1.37")
	got := map[string]string{}
	notes := map[string]string{}
	for _, n := range m.Namespaces {
		got[n.Name] = strings.Join(n.LabelArgs(), " ")
		notes[n.Name] = strings.Join(n.Notes, "; ")
	}
	want := map[string]string{
		"none": "",
		"r":    prefix + "/profile=restricted",
		"b":    prefix + "/profile=baseline " + prefix + "/warn=restricted",
		"p":    prefix + "/audit=restricted",
		"bad":  prefix + "/profile=restricted", // PSA fails closed: an invalid level is restricted
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	wantNotes := map[string]string{
		"none": "",
		"r":    "",
		"b":    "PSA enforces baseline at v1.37; vapgen's policies implement the Pod Security Standards at v1.35; PSA warns about restricted at v1.37; vapgen's policies implement the Pod Security Standards at v1.35",
		"p":    "PSA audits restricted at v1.29; vapgen's policies implement the Pod Security Standards at v1.35",
		"bad":  `PSA label metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: "strict": must be one of privileged, baseline, restricted; PSA applies enforce=restricted:latest, warn=privileged:latest, audit=privileged:latest; PSA enforces restricted at v1.37; vapgen's policies implement the Pod Security Standards at v1.35`,
	}
	if diff := cmp.Diff(wantNotes, notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	if m.DefaultProfile != "" || len(m.Exemptions.Namespaces) != 0 {
		t.Errorf("config: %q %+v", m.DefaultProfile, m.Exemptions)
	}
	if line := m.Namespaces[2].KubectlLine(); line != "kubectl label --overwrite namespace b "+prefix+"/profile=baseline "+prefix+"/warn=restricted" {
		t.Errorf("kubectl line: %s", line)
	}
}

// TestMigrateAdmissionConfig: PSA's defaults become defaultProfile and
// per-namespace warn/audit labels, its exemptions vapgen's; an explicit
// privileged namespace keeps the default away.
func TestMigrateAdmissionConfig(t *testing.T) {
	cfg, err := LoadPSAConfig("testdata/admission-config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nss := []*corev1.Namespace{psaNamespace("plain"), psaNamespace("open", "enforce", "privileged"), psaNamespace("monitoring", "enforce", "privileged")}
	m := Migrate(nss, cfg, prefix, "v1.35", "v1.35")
	if m.DefaultProfile != "baseline" || strings.Join(m.Exemptions.Namespaces, ",") != "kube-system,monitoring" ||
		strings.Join(m.Exemptions.Usernames, ",") != "system:serviceaccount:ci:deployer" || strings.Join(m.Exemptions.RuntimeClassNames, ",") != "kata" {
		t.Errorf("config: %q %+v", m.DefaultProfile, m.Exemptions)
	}
	got := map[string]string{}
	for _, n := range m.Namespaces {
		got[n.Name] = strings.Join(n.LabelArgs(), " ")
	}
	want := map[string]string{
		"plain":      prefix + "/audit=restricted " + prefix + "/warn=restricted",
		"open":       prefix + "/audit=restricted " + prefix + "/profile=privileged " + prefix + "/warn=restricted",
		"monitoring": "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if len(m.Notes) != 2 || !strings.HasPrefix(m.Notes[0], "PSA's default warn level is restricted; vapgen has no default for warn") {
		t.Errorf("notes: %q", m.Notes)
	}
	path, err := LoadPSAConfig("testdata/admission-config-path.yaml")
	if err != nil || path.Defaults.Enforce.Level != "restricted" || path.Source != "testdata/pod-security.yaml" {
		t.Errorf("plugin path: %+v, %v", path, err)
	}
}

func TestLoadPSAConfigErrors(t *testing.T) {
	for file, want := range map[string]string{
		"testdata/admission-config-bad.yaml": `testdata/admission-config-bad.yaml:4:3: error: plugin PodSecurity: defaults.enforce: Invalid value: "strict": must be one of privileged, baseline, restricted`,
		"testdata/pod-security.yaml":         "",
		"testdata/missing.yaml":              "open testdata/missing.yaml: no such file or directory",
	} {
		_, err := LoadPSAConfig(file)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", file, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)):
			t.Errorf("%s: err = %v, want %q", file, err, want)
		}
	}
}

// TestPSAComparison: at vapgen's own version the running objects are
// judged exactly as PSA does; an opt-out label the namespace carries
// already is a difference, at the same version.
func TestPSAComparison(t *testing.T) {
	optedOut := psaNamespace("opted-out", "enforce", "restricted", "enforce-version", "v1.35")
	optedOut.Labels[prefix+"/require-run-as-non-root"] = "exclude"
	nss := []runtime.Object{
		psaNamespace("r", "enforce", "restricted", "enforce-version", "v1.35"),
		psaNamespace("b", "enforce", "baseline", "enforce-version", "v1.35"),
		psaNamespace("exempt", "enforce", "restricted"),
		optedOut,
	}
	rootOK := restrictedSpec()
	rootOK.SecurityContext.RunAsNonRoot = nil
	objs := append(nss,
		pod("r", "plain", plainSpec(), nil, ""), pod("r", "good", restrictedSpec(), nil, ""),
		deployment("r", "web", plainSpec()), pod("b", "plain", plainSpec(), nil, ""), pod("b", "priv", privilegedSpec(), nil, ""),
		pod("exempt", "plain", plainSpec(), nil, ""), pod("opted-out", "root", rootOK, nil, ""))
	cfg := BuiltInPSA()
	cfg.Exemptions.Namespaces = []string{"exempt"}
	for _, layout := range layouts {
		ev, rules := shipped(t, layout)
		var list []*corev1.Namespace
		for _, o := range nss {
			list = append(list, o.(*corev1.Namespace))
		}
		m := Migrate(list, cfg, prefix, "v1.35", "v1.37")
		c, err := NewPSAComparison(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Audit(context.Background(), Options{Clients: cluster(objs...), Evaluator: ev, Rules: rules, Relabel: c.Relabel, Observe: c.Observe}); err != nil {
			t.Fatal(err)
		}
		diffs := c.Sorted()
		if c.Compared != 7 || len(diffs) != 1 || diffs[0].Object != "pod/root" || diffs[0].PSAAllowed || !diffs[0].SameVersion || diffs[0].PSA != "restricted:v1.35" {
			t.Errorf("%s: compared %d, differences %+v", layout, c.Compared, diffs)
		}
	}
}
