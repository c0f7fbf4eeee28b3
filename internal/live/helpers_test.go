// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/vapgen/vapgen/evaluator"
)

const prefix = "pod-security.vapgen.io"

// layouts are the repository's generated trees.
var layouts = []string{"manifests", "manifests-per-profile"}

var (
	loadOnce sync.Map // layout → *loaded
)

type loaded struct {
	once  sync.Once
	set   *evaluator.Set
	ev    *evaluator.Evaluator
	rules *Rules
	err   error
}

// shipped loads a layout of the repository once per test binary.
func shipped(t testing.TB, layout string) (*evaluator.Evaluator, *Rules) {
	t.Helper()
	v, _ := loadOnce.LoadOrStore(layout, &loaded{})
	l := v.(*loaded)
	l.once.Do(func() {
		l.set, l.err = evaluator.Load(filepath.Join("..", "..", layout))
		if l.err == nil {
			l.ev, l.err = evaluator.New(l.set, evaluator.WithFailures())
		}
		if l.err == nil {
			l.rules = NewRules(l.set, prefix)
		}
	})
	if l.err != nil {
		t.Fatal(l.err)
	}
	return l.ev, l.rules
}

func namespace(name string, labels ...string) *corev1.Namespace {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID("uid-ns-" + name), Labels: map[string]string{"kubernetes.io/metadata.name": name}}}
	for i := 0; i+1 < len(labels); i += 2 {
		ns.Labels[prefix+"/"+labels[i]] = labels[i+1]
	}
	return ns
}

// restrictedSpec is a pod spec that passes restricted.
func restrictedSpec() corev1.PodSpec {
	f, t := false, true
	return corev1.PodSpec{
		SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: &t, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
		Containers: []corev1.Container{{Name: "app", Image: "registry.example/app:1", SecurityContext: &corev1.SecurityContext{
			AllowPrivilegeEscalation: &f, Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}}},
	}
}

// plainSpec passes baseline and fails four restricted rules.
func plainSpec() corev1.PodSpec {
	return corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example/app:1"}}}
}

// privilegedSpec fails baseline.
func privilegedSpec() corev1.PodSpec {
	t := true
	s := plainSpec()
	s.Containers[0].SecurityContext = &corev1.SecurityContext{Privileged: &t}
	return s
}

func pod(ns, name string, spec corev1.PodSpec, owner metav1.Object, ownerKind string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("uid-pod-" + ns + "-" + name)}, Spec: spec}
	if owner != nil {
		p.OwnerReferences = controlledBy(owner, ownerKind)
	}
	p.Status.Phase = corev1.PodRunning
	return p
}

func controlledBy(owner metav1.Object, kind string) []metav1.OwnerReference {
	t := true
	api := "apps/v1"
	if kind == "Job" || kind == "CronJob" {
		api = "batch/v1"
	}
	return []metav1.OwnerReference{{APIVersion: api, Kind: kind, Name: owner.GetName(), UID: owner.GetUID(), Controller: &t}}
}

func deployment(ns, name string, spec corev1.PodSpec) *appsv1.Deployment {
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID("uid-deploy-" + ns + "-" + name)},
		Spec: appsv1.DeploymentSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": name}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": name}}, Spec: spec}}}
}

func replicaSet(d *appsv1.Deployment, hash string) *appsv1.ReplicaSet {
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: d.Namespace, Name: d.Name + "-" + hash, UID: types.UID("uid-rs-" + d.Namespace + "-" + d.Name + hash),
		OwnerReferences: controlledBy(d, "Deployment")},
		Spec: appsv1.ReplicaSetSpec{Selector: d.Spec.Selector, Template: d.Spec.Template}}
	return rs
}

// cluster is a fake cluster holding objs.
func cluster(objs ...runtime.Object) *Clients {
	return &Clients{Kube: fake.NewClientset(objs...), Server: "https://fake:6443 (context fake)"}
}

func audit(t testing.TB, c *Clients, layout string, scope Scope, relabel Relabel) *Result {
	t.Helper()
	ev, rules := shipped(t, layout)
	res, err := Audit(context.Background(), Options{Clients: c, Evaluator: ev, Rules: rules, Scope: scope, Relabel: relabel})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
