// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"strings"
	"testing"

	k8sversion "k8s.io/apimachinery/pkg/version"
	fakediscovery "k8s.io/client-go/discovery/fake"
	"k8s.io/client-go/kubernetes/fake"
)

// psaCluster: shop enforces baseline with PSA and runs the hostProcess pod
// (which PSA's baseline denies too, and the generated HostProcess rules
// check); sandbox warns restricted.
func psaCluster(t *testing.T) *fake.Clientset {
	t.Helper()
	cs := withCluster(t,
		ns("shop", map[string]string{"pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "v1.35"}),
		ns("sandbox", map[string]string{"pod-security.kubernetes.io/warn": "restricted"}),
		hostProcess("sandbox", "agent", nil))
	cs.Discovery().(*fakediscovery.FakeDiscovery).FakedServerVersion = &k8sversion.Info{Major: "1", Minor: "37", GitVersion: "v1.37.2"}
	return cs
}

func TestMigrateCommand(t *testing.T) {
	manifests := generated(t)
	psaCluster(t)
	code, stdout, stderr := run(t, "migrate", "--from-psa", "--manifests", manifests, "-o", "kubectl")
	want := "kubectl label --overwrite namespace sandbox pod-security.vapgen.io/warn=restricted\n" +
		"kubectl label --overwrite namespace shop pod-security.vapgen.io/profile=baseline\n"
	if code != ExitOK || stdout != want || stderr != "" {
		t.Errorf("-o kubectl: exit %d, stdout:\n%s\nstderr: %q", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "migrate", "--from-psa", "--manifests", manifests, "--admission-config", "testdata/psa/admission-config.yaml", "-o", "config")
	want = "defaultProfile: baseline\nexemptions:\n  namespaces:\n  - kube-system\n  runtimeClassNames: []\n  usernames: []\n"
	if code != ExitOK || stdout != want {
		t.Errorf("-o config: exit %d, stdout:\n%s", code, stdout)
	}
	code, stdout, _ = run(t, "migrate", "--from-psa", "--manifests", manifests)
	for _, w := range []string{
		"# vapgen's policies implement the Pod Security Standards at v1.35; the API server is v1.37 (PSA's \"latest\")\n",
		"kubectl label namespace shop pod-security.kubernetes.io/enforce- pod-security.kubernetes.io/enforce-version-\n",
		"# sandbox: PSA warns about restricted at v1.37; vapgen's policies implement the Pod Security Standards at v1.35\n",
	} {
		if code != ExitOK || !strings.Contains(stdout, w) {
			t.Errorf("text: exit %d, stdout lacks %q:\n%s", code, w, stdout)
		}
	}
}

// TestMigrateCheckWorkloads: the hostProcess pod in sandbox, where PSA only
// warns, is admitted by both; labelled baseline it would be denied by both.
// A PSA exemption the manifests do not have is a difference: exit 1.
func TestMigrateCheckWorkloads(t *testing.T) {
	manifests := generated(t)
	psaCluster(t)
	code, stdout, stderr := run(t, "migrate", "--from-psa", "--manifests", manifests, "--check-workloads")
	if code != ExitOK || !strings.HasSuffix(stdout, "# no difference: vapgen judges the 1 object exactly as PSA does\n") {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	cs := withCluster(t, ns("sandbox", map[string]string{"pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/enforce-version": "v1.35",
		"pod-security.vapgen.io/disallow-host-process-containers": "exclude"}), hostProcess("sandbox", "agent", nil))
	cs.Discovery().(*fakediscovery.FakeDiscovery).FakedServerVersion = &k8sversion.Info{Major: "1", Minor: "37"}
	code, stdout, stderr = run(t, "migrate", "--from-psa", "--manifests", manifests, "--check-workloads")
	want := "# sandbox: pod/agent: PSA (baseline:v1.35) denies it (hostProcess), vapgen allows it (the namespace opts out already: pod-security.vapgen.io/disallow-host-process-containers)\n" +
		"# 1 of 1 object judged differently, in 1 namespace\n"
	if code != ExitInvalid || !strings.HasSuffix(stdout, want) || stderr != "vapgen: migrate: vapgen would judge 1 of 1 running object differently from PSA\n" {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %q", code, stdout, stderr)
	}
}

func TestMigrateErrors(t *testing.T) {
	manifests := generated(t)
	psaCluster(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{}, "vapgen: migrate: say what to migrate from: --from-psa\n"},
		{[]string{"--from-psa", "-o", "yaml"}, "vapgen: migrate: unknown output format \"yaml\" (want one of text, kubectl, patch, config, json)\n"},
		{[]string{"--from-psa", "--admission-config", "testdata/psa/bad.yaml"},
			"vapgen: migrate: --admission-config:\ntestdata/psa/bad.yaml:4:3: error: plugin PodSecurity: defaults.enforce: Invalid value: \"strict\": must be one of privileged, baseline, restricted"},
		{[]string{"--from-psa", "--admission-config", "testdata/psa/missing.yaml"}, "vapgen: migrate: --admission-config testdata/psa/missing.yaml: no such file or directory\n"},
		{[]string{"--from-psa", "-l", "team=none"}, "vapgen: migrate: no namespace matches --selector team=none\n"},
	} {
		code, stdout, stderr := run(t, append([]string{"migrate", "--manifests", manifests}, tc.args...)...)
		if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant exit 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
}
