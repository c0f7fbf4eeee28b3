// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	k8stypes "k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/vapgen/vapgen/internal/live"
)

// withCluster makes the commands talk to a fake cluster holding objs.
func withCluster(t *testing.T, objs ...runtime.Object) *fake.Clientset {
	t.Helper()
	cs := fake.NewClientset(objs...)
	old := connectCluster
	connectCluster = func(live.ConnectOptions) (*live.Clients, error) {
		return &live.Clients{Kube: cs, Server: "https://fake:6443 (context test)"}, nil
	}
	t.Cleanup(func() { connectCluster = old })
	return cs
}

func ns(name string, labels map[string]string) *corev1.Namespace {
	l := map[string]string{"kubernetes.io/metadata.name": name}
	for k, v := range labels {
		l[k] = v
	}
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, UID: k8stypes.UID("uid-ns-" + name), Labels: l}}
}

// hostProcess is a pod whose container sets windowsOptions.hostProcess.
func hostProcess(namespace, name string, owner *appsv1.ReplicaSet) *corev1.Pod {
	t := true
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: namespace, Name: name, UID: k8stypes.UID("uid-pod-" + name)},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "agent", Image: "agent:1",
			SecurityContext: &corev1.SecurityContext{WindowsOptions: &corev1.WindowsSecurityContextOptions{HostProcess: &t}}}}}}
	if owner != nil {
		p.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: owner.Name, UID: owner.UID, Controller: &t}}
	}
	return p
}

// shopCluster: shop is labelled baseline and runs a Deployment whose pod
// (through its ReplicaSet) sets hostProcess; sandbox is not labelled and
// runs a plain pod.
func shopCluster(t *testing.T) *fake.Clientset {
	t.Helper()
	tr := true
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "agent", UID: "uid-deploy-agent"},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "agent"}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "agent"}},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "agent", Image: "agent:1"}}}}}}
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "agent-5d9f", UID: "uid-rs-agent",
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: "agent", UID: d.UID, Controller: &tr}}},
		Spec: appsv1.ReplicaSetSpec{Selector: d.Spec.Selector, Template: d.Spec.Template}}
	plain := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: "sandbox", Name: "debug", UID: "uid-pod-debug"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "debug", Image: "busybox:1"}}}}
	return withCluster(t, ns("shop", map[string]string{"pod-security.vapgen.io/profile": "baseline"}), ns("sandbox", nil),
		d, rs, hostProcess("shop", "agent-5d9f-x1", rs), plain)
}

var judgedLine = regexp.MustCompile(`^vapgen: audit: judged \d+ objects \(\d+ pods?\) in \d+ namespaces? in [0-9.]+s \(\d+ objects/s\)\n`)

func TestAuditCommand(t *testing.T) {
	manifests := generated(t)
	shopCluster(t)
	code, stdout, stderr := run(t, "audit", "--manifests", manifests)
	if code != ExitInvalid {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitInvalid, stderr)
	}
	want := `NAMESPACE  LABELS            RESOURCES  PODS  DENIED  WARNED
sandbox    -                 1          1     0       0
shop       profile=baseline  1          1     1       0

denied deployment.apps/agent in namespace shop (1 pod): pod agent-5d9f-x1: pods "agent-5d9f-x1" is forbidden: ValidatingAdmissionPolicy 'disallow-host-process-containers' with binding 'disallow-host-process-containers' denied request: HostProcess containers are disallowed. (opt out: namespace label pod-security.vapgen.io/disallow-host-process-containers=exclude)

shop: 1 of 1 resource denied (disallow-host-process-containers 1)
  to admit them, opt out of 1 rule:
  kubectl label namespace shop pod-security.vapgen.io/disallow-host-process-containers=exclude
4 resources (2 namespaces, 1 workload, 1 pod; 2 pods judged): 1 denied, 0 warned, 0 not evaluated
`
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	rest := judgedLine.ReplaceAllString(stderr, "")
	if !judgedLine.MatchString(stderr) || rest != "vapgen: audit: 1 of 4 resources denied, in 1 of 2 namespaces\n" {
		t.Errorf("stderr = %q", stderr)
	}
	// --fail-on error: the same audit succeeds.
	if code, _, stderr := run(t, "audit", "--manifests", manifests, "--fail-on", "error"); code != ExitOK {
		t.Errorf("--fail-on error: exit %d\n%s", code, stderr)
	}
}

// TestAuditAsProfile: as if sandbox were labelled baseline, its plain pod
// passes; -o json and -o policyreport say the same.
func TestAuditAsProfile(t *testing.T) {
	manifests := generated(t)
	shopCluster(t)
	code, stdout, stderr := run(t, "audit", "--manifests", manifests, "--profile", "baseline", "-n", "sandbox", "-o", "json")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var out struct {
		Summary    struct{ Namespaces, Resources, Denied int }
		Namespaces []struct {
			Name      string
			Labels    map[string]string
			Simulated bool
		}
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("-o json: %v\n%s", err, stdout)
	}
	if out.Summary.Namespaces != 1 || out.Summary.Resources != 2 || out.Summary.Denied != 0 || !out.Namespaces[0].Simulated ||
		out.Namespaces[0].Labels["pod-security.vapgen.io/profile"] != "baseline" {
		t.Errorf("-o json: %+v", out)
	}
	code, stdout, _ = run(t, "audit", "--manifests", manifests, "--profile", "baseline", "-o", "policyreport")
	if code != ExitInvalid || !strings.Contains(stdout, "kind: PolicyReport\n") || !strings.Contains(stdout, "name: vapgen-uid-deploy-agent\n") ||
		!strings.Contains(stdout, "result: fail\n") || !strings.Contains(stdout, "optOut: pod-security.vapgen.io/disallow-host-process-containers=exclude\n") {
		t.Errorf("-o policyreport: exit %d\n%s", code, stdout)
	}
}

// TestAuditErrors: usage, connection and permission errors exit 2 with a
// message that says what failed; nothing is judged.
func TestAuditErrors(t *testing.T) {
	manifests := generated(t)
	for _, tc := range []struct {
		args  []string
		react func(*fake.Clientset)
		want  string
	}{
		{[]string{"--profile", "strict"}, nil, "vapgen: audit: --profile \"strict\": want baseline or restricted\n"},
		{[]string{"-o", "yaml"}, nil, "vapgen: audit: unknown output format \"yaml\" (want text, json or policyreport)\n"},
		{[]string{"-n", "shop", "-l", "team=a"}, nil, "vapgen: audit: --namespace and --selector exclude each other\n"},
		{[]string{"-l", "team in (a"}, nil, "vapgen: audit: --selector: "},
		{[]string{"--fail-on", "never"}, nil, "vapgen: audit: --fail-on \"never\": want denied or error\n"},
		{[]string{"extra"}, nil, "vapgen: audit: unexpected argument \"extra\"\n"},
		{[]string{"--profile", "restricted", "--label-prefix", "pod-security.wmf.org"}, nil,
			"vapgen: audit: no binding of --manifests selects on pod-security.wmf.org/profile, pod-security.wmf.org/warn or pod-security.wmf.org/audit\n"},
		{[]string{"-l", "team=none"}, nil, "vapgen: audit: no namespace matches --selector team=none\n"},
		{[]string{"-n", "nope"}, nil, "vapgen: audit: namespace \"nope\" not found\n"},
		{nil, func(cs *fake.Clientset) {
			cs.PrependReactor("list", "pods", func(k8stesting.Action) (bool, runtime.Object, error) {
				return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", errors.New(`User "system:serviceaccount:ci:audit" cannot list resource "pods" in API group "" at the cluster scope`))
			})
		}, `vapgen: audit: listing pods in all namespaces: forbidden: pods is forbidden: User "system:serviceaccount:ci:audit" cannot list resource "pods" in API group "" at the cluster scope; vapgen audit needs get and list on namespaces, pods, podtemplates, replicationcontrollers, deployments, replicasets, statefulsets, daemonsets (apps), jobs and cronjobs (batch): the ClusterRole vapgen-audit of manifests/reports/rbac.yaml` + "\n"},
		{[]string{"--write-reports"}, nil, "vapgen: audit: the PolicyReport CRDs are not installed: kubectl apply -k manifests/reports/\n"},
	} {
		cs := shopCluster(t)
		if tc.react != nil {
			tc.react(cs)
		}
		code, stdout, stderr := run(t, append([]string{"audit", "--manifests", manifests}, tc.args...)...)
		if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q\nwant exit 2 and stderr %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	old := connectCluster
	connectCluster = func(live.ConnectOptions) (*live.Clients, error) {
		return nil, &live.Error{Kind: live.Connection, Msg: "no cluster to talk to: invalid configuration: no configuration has been provided"}
	}
	defer func() { connectCluster = old }()
	if code, _, stderr := run(t, "audit", "--manifests", manifests); code != ExitUsage ||
		stderr != "vapgen: audit: no cluster to talk to: invalid configuration: no configuration has been provided\n" {
		t.Errorf("no cluster: exit %d, stderr %q", code, stderr)
	}
}
