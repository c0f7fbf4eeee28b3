// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// generated writes the manifests of testdata/valid.yaml (the HostProcess
// rules) into a temporary directory.
func generated(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "manifests")
	if code, _, stderr := run(t, "generate", "--policies", "testdata/valid.yaml", "--overlays", t.TempDir(), "--out", out); code != ExitOK {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	return out
}

// argoCD is the account Argo CD applies manifests as.
const argoCD = "system:serviceaccount:argocd:argocd-application-controller"

// generatedFor is generated with a label guard that lets users change the
// namespace labels.
func generatedFor(t *testing.T, users ...string) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "vapgen.yaml")
	policies, err := filepath.Abs("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf("apiVersion: vapgen.io/v1alpha1\nkind: Config\npolicies: [%s]\noverlays: overlays\nout: manifests\nlabelGuard: {users: [%s]}\n", policies, strings.Join(users, ", "))
	if err := os.WriteFile(conf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "overlays"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "generate", "--config", conf); code != ExitOK {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	return filepath.Join(dir, "manifests")
}

func TestCheckGitOpsFolder(t *testing.T) {
	manifests := generatedFor(t, argoCD)
	code, stdout, stderr := run(t, "check", "--manifests", manifests, "--user", argoCD, "testdata/gitops")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d (a resource is denied); stderr:\n%s", code, ExitInvalid, stderr)
	}
	want := []string{
		"testdata/gitops/apps/shop.yaml:1:1: admitted deployment.apps/web in namespace shop",
		`testdata/gitops/apps/shop.yaml:15:1: denied deployment.apps/agent in namespace shop: deployments.apps "agent" is forbidden: ValidatingAdmissionPolicy 'disallow-host-process-containers-workloads' with binding 'disallow-host-process-containers-workloads' denied request: pod template (spec.template): HostProcess containers are disallowed. (opt out: namespace label pod-security.vapgen.io/disallow-host-process-containers=exclude)`,
		"testdata/gitops/apps/shop.yaml:31:1: admitted pod/debug in namespace sandbox",
	}
	for _, w := range want {
		if !strings.Contains(stdout, w+"\n") {
			t.Errorf("stdout lacks\n  %s\ngot:\n%s", w, stdout)
		}
	}
	if !strings.Contains(stdout, "5 resources: 4 admitted") || strings.Contains(stdout, "denied namespace/") {
		t.Errorf("the namespaces are not admitted for %s:\n%s", argoCD, stdout)
	}
	if !strings.Contains(stdout, "Validation failed for ValidatingAdmissionPolicy 'disallow-host-process-pod-host-process' with binding 'disallow-host-process-pod-host-process-warn': pod debug sets hostProcess (opt out: namespace label pod-security.vapgen.io/disallow-host-process-pod-host-process=exclude)\n") {
		t.Errorf("the warn-only namespace's warning is missing:\n%s", stdout)
	}
	if want := "vapgen: 1 of 5 resources denied\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

// TestCheckAsOrdinaryUser: by default check asks as an ordinary user, so a
// Namespace with the prefix's labels is denied as it will be for a GitOps
// controller the label guard does not name.
func TestCheckAsOrdinaryUser(t *testing.T) {
	manifests := generatedFor(t, argoCD)
	guard := "ValidatingAdmissionPolicy 'vapgen-label-guard' with binding 'vapgen-label-guard' denied request: only users " + argoCD +
		" and groups system:masters may add, change or remove pod-security.vapgen.io/* labels; this request changes pod-security.vapgen.io/profile"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, ExitInvalid, "denied namespace/shop: namespaces \"shop\" is forbidden: " + guard},
		{[]string{"--user", "system:serviceaccount:flux-system:kustomize-controller"}, ExitInvalid, "denied namespace/shop: namespaces \"shop\" is forbidden: " + guard},
		{[]string{"--user", "alice", "--group", "system:masters"}, ExitOK, ""},
		{[]string{"--user", argoCD}, ExitOK, ""},
	} {
		args := append(append([]string{"check", "--manifests", manifests}, tc.args...), "testdata/gitops/namespaces.yaml")
		code, stdout, _ := run(t, args...)
		if tc.want == "" && strings.Contains(stdout, "denied namespace") {
			t.Errorf("%v: denied:\n%s", tc.args, stdout)
		}
		if code != tc.code || !strings.Contains(stdout, "testdata/gitops/namespaces.yaml:1:1: "+tc.want) {
			t.Errorf("%v: exit %d (want %d), stdout lacks %q:\n%s", tc.args, code, tc.code, tc.want, stdout)
		}
	}
	for _, args := range [][]string{{"--user", ""}, {"--group", " "}} {
		if code, _, _ := run(t, append(append([]string{"check", "--manifests", manifests}, args...), "testdata/gitops")...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestCheckNotJudged: a resource no policy matches is listed as not judged,
// counted, and fails the check with --require-judged.
func TestCheckNotJudged(t *testing.T) {
	manifests := generated(t)
	config := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n"
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, ExitOK, ""},
		{[]string{"--require-judged"}, ExitInvalid, "vapgen: 1 of 1 resources not judged: no policy matched them (--require-judged)\n"},
	} {
		var out, errOut strings.Builder
		args := append(append([]string{"vapgen", "check", "--manifests", manifests}, tc.args...), "-")
		code := Run(args, strings.NewReader(config), &out, &errOut)
		want := "<stdin>:1:1: not judged configmap/settings in namespace default: no ValidatingAdmissionPolicy matched it\n" +
			"1 resources: 1 admitted (1 not judged), 0 denied, 0 not evaluated; 0 warnings\n"
		if code != tc.code || out.String() != want || errOut.String() != tc.stderr {
			t.Errorf("%v: exit %d (want %d)\nstdout %q\nwant   %q\nstderr %q, want %q", tc.args, code, tc.code, out.String(), want, errOut.String(), tc.stderr)
		}
	}
}

func TestCheckJSONAndPolicyReport(t *testing.T) {
	manifests := generated(t)
	code, stdout, _ := run(t, "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=baseline", "-o", "json", "testdata/gitops/apps/shop.yaml")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d", code, ExitInvalid)
	}
	var parsed any
	if err := json.Unmarshal([]byte(stdout), &parsed); err != nil {
		t.Fatalf("-o json is not JSON: %v\n%s", err, stdout)
	}
	code, stdout, _ = run(t, "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=restricted", "-o", "policyreport", "testdata/gitops/apps/shop.yaml")
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d", code, ExitInvalid)
	}
	for _, w := range []string{"kind: PolicyReport", "namespace: shop", "namespace: sandbox", "result: fail", "result: pass"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("policy report lacks %q:\n%s", w, stdout)
		}
	}
}

func TestCheckStdinAndUsage(t *testing.T) {
	manifests := generated(t)
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i}]}\n"
	var out, errOut strings.Builder
	code := Run([]string{"vapgen", "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=baseline", "-"}, strings.NewReader(pod), &out, &errOut)
	if code != ExitOK || !strings.Contains(out.String(), "admitted pod/p in namespace default") {
		t.Errorf("stdin: exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
	for _, args := range [][]string{
		{"check", "--manifests", manifests},
		{"check", "--manifests", manifests, "-o", "yaml", "-"},
		{"check", "--manifests", manifests, "--namespace-labels", "novalue", "-"},
		{"check", "--manifests", manifests, "testdata/missing.yaml"},
	} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestCheckListsEveryBrokenRule: the API server names the first policy that
// denies; the text output lists the others too, in both layouts, and -q
// leaves out what is admitted.
func TestCheckListsEveryBrokenRule(t *testing.T) {
	deployment := `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      hostNetwork: true
      containers:
      - name: app
        image: nginx
        securityContext: {privileged: true}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
`
	for _, manifests := range []string{"../../manifests", "../../manifests-per-profile"} {
		var out, errOut strings.Builder
		code := Run([]string{"vapgen", "check", "--manifests", manifests, "--namespace-labels", "pod-security.vapgen.io/profile=restricted", "-q", "-"}, strings.NewReader(deployment), &out, &errOut)
		lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
		if code != ExitInvalid || len(lines) < 2 || !strings.HasPrefix(lines[0], "<stdin>:1:1: denied deployment.apps/api in namespace shop: ") {
			t.Fatalf("%s: exit %d, stdout:\n%s\nstderr: %s", manifests, code, out.String(), errOut.String())
		}
		var also []string
		for _, l := range lines[1 : len(lines)-1] {
			if !strings.HasPrefix(l, "  also denied by ValidatingAdmissionPolicy '") {
				t.Errorf("%s: unexpected line %q", manifests, l)
			}
			also = append(also, l)
		}
		all := strings.Join(append(also, lines[0]), "\n")
		for _, broken := range []string{"privileged", "hostNetwork", "allowPrivilegeEscalation", "runAsNonRoot", "seccompProfile", "capabilities"} {
			if !strings.Contains(all, broken) {
				t.Errorf("%s: no line names %s:\n%s", manifests, broken, out.String())
			}
		}
		if want := "2 resources: 1 admitted (1 not judged), 1 denied, 0 not evaluated; 0 warnings"; lines[len(lines)-1] != want {
			t.Errorf("%s: summary %q, want %q", manifests, lines[len(lines)-1], want)
		}
	}
	if code, _, _ := run(t, "check", "--manifests", "../../manifests", "-q", "-o", "json", "-"); code != ExitUsage {
		t.Errorf("-q -o json: exit %d, want %d", code, ExitUsage)
	}
}

// TestCheckNamespaceLabelsAddUp: repeated --namespace-labels merge, so an
// opt-out given in a second flag does not drop the profile of the first;
// two values of one label are a usage error.
func TestCheckNamespaceLabelsAddUp(t *testing.T) {
	pod := "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: c, image: i}]}\n"
	const prefix = "pod-security.vapgen.io/"
	for _, tc := range []struct {
		name   string
		labels []string
		code   int
		stdout string
		stderr string
	}{
		{"profile, then an opt-out", []string{prefix + "profile=restricted", prefix + "disallow-host-ports=exclude"}, ExitInvalid,
			`<stdin>:1:1: denied pod/p in namespace shop: pods "p" is forbidden: ValidatingAdmissionPolicy 'disallow-privilege-escalation' with binding 'disallow-privilege-escalation' denied request: allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false) (opt out: namespace label pod-security.vapgen.io/disallow-privilege-escalation=exclude)`,
			"vapgen: 1 of 1 resources denied\n"},
		{"the opt-outs of every failing rule, in two flags", []string{prefix + "profile=restricted," + prefix + "disallow-privilege-escalation=exclude", prefix + "require-run-as-non-root=exclude," + prefix + "require-seccomp-profile=exclude", prefix + "restrict-capabilities-drop-all-add-only-net-bind-service=exclude"}, ExitOK,
			"<stdin>:1:1: admitted pod/p in namespace shop", ""},
		{"two values of one label", []string{prefix + "profile=restricted", prefix + "profile=baseline"}, ExitUsage,
			"", "vapgen: check: --namespace-labels: pod-security.vapgen.io/profile is given twice: \"restricted\" and \"baseline\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"vapgen", "check", "--manifests", "../../manifests"}
			for _, l := range tc.labels {
				args = append(args, "--namespace-labels", l)
			}
			var out, errOut strings.Builder
			code := Run(append(args, "-"), strings.NewReader(pod), &out, &errOut)
			first, _, _ := strings.Cut(out.String(), "\n")
			if code != tc.code || first != tc.stdout || errOut.String() != tc.stderr {
				t.Errorf("exit %d, first line of stdout\n  %s\nstderr %q\nwant exit %d,\n  %s\nstderr %q", code, first, errOut.String(), tc.code, tc.stdout, tc.stderr)
			}
		})
	}
}
