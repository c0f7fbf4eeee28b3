// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"context"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/psstest"
	"github.com/vapgen/vapgen/internal/testkit"
)

// TestExceptionsMatchLikeKyverno runs requests through the API server's
// admission code with the policies of the golden case policyexceptions,
// whose exceptions use every field of a kyverno.io match block: a request
// is admitted exactly when Kyverno would apply the exception.
func TestExceptionsMatchLikeKyverno(t *testing.T) {
	result, problems := generator.Generate(caseOptions(t, "testdata/golden/policyexceptions"))
	if result == nil {
		t.Fatal(problems.Error())
	}
	eval, err := testkit.EvaluatorOf(result)
	if err != nil {
		t.Fatal(err)
	}
	ns := func(name string, labels ...string) *corev1.Namespace {
		return testkit.Namespace(name, append([]string{"profile", "baseline"}, labels...)...)
	}
	tools := ns("tools")
	debugPod := func(mods ...func(*corev1.Pod)) *corev1.Pod {
		p := &corev1.Pod{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
			ObjectMeta: metav1.ObjectMeta{Name: "debug-1", Labels: map[string]string{"example.com/tier": "ops"},
				Annotations: map[string]string{"example.com/ticket": "OPS-17"}},
			Spec: corev1.PodSpec{HostPID: true, Containers: []corev1.Container{{Name: "app", Image: "registry.example/app:1"}}},
		}
		for _, m := range mods {
			m(p)
		}
		return p
	}
	alice := &user.DefaultInfo{Name: "alice"}
	sre := &user.DefaultInfo{Name: "bob", Groups: []string{"sre-oncall"}}
	for _, tc := range []struct {
		name    string
		obj     runtime.Object
		ns      *corev1.Namespace
		user    user.Info
		deleted bool
		admit   bool
	}{
		{name: "every field matches", obj: debugPod(), ns: tools, admit: true},
		{name: "name by ?", obj: debugPod(func(p *corev1.Pod) { p.Name = "probe-01" }), ns: tools, admit: true},
		{name: "name too long for ??", obj: debugPod(func(p *corev1.Pod) { p.Name = "probe-001" }), ns: tools},
		{name: "other namespace", obj: debugPod(), ns: ns("shop")},
		{name: "ticket annotation missing", obj: debugPod(func(p *corev1.Pod) { p.Annotations = nil }), ns: tools},
		{name: "ticket of another project", obj: debugPod(func(p *corev1.Pod) { p.Annotations["example.com/ticket"] = "DEV-1" }), ns: tools},
		{name: "tier label missing", obj: debugPod(func(p *corev1.Pod) { delete(p.Labels, "example.com/tier") }), ns: tools},
		{name: "owner nobody (NotIn)", obj: debugPod(func(p *corev1.Pod) { p.Labels["example.com/owner"] = "nobody" }), ns: tools},
		{name: "owner someone (NotIn)", obj: debugPod(func(p *corev1.Pod) { p.Labels["example.com/owner"] = "sre" }), ns: tools, admit: true},
		{name: "frozen (DoesNotExist)", obj: debugPod(func(p *corev1.Pod) { p.Labels["example.com/frozen"] = "" }), ns: tools},
		{name: "user alice, anywhere", obj: debugPod(func(p *corev1.Pod) { p.Name = "web" }), ns: ns("shop"), user: alice, admit: true},
		{name: "group sre-*", obj: debugPod(func(p *corev1.Pod) { p.Name = "web" }), ns: ns("shop"), user: sre, admit: true},
		{name: "service account", obj: debugPod(func(p *corev1.Pod) { p.Name = "web" }), ns: ns("shop"),
			user: &user.DefaultInfo{Name: "system:serviceaccount:tools:debugger"}, admit: true},
		{name: "another service account", obj: debugPod(func(p *corev1.Pod) { p.Name = "web" }), ns: ns("shop"),
			user: &user.DefaultInfo{Name: "system:serviceaccount:shop:debugger"}},
		{name: "CronJob (autogen-cronjob-host-pid)", obj: cronJobOf(debugPod()), ns: tools, admit: true},
		{name: "Deployment only in a lab namespace", obj: psstest.Wrap("Deployment", debugPod()), ns: tools},
		{name: "Deployment in a lab namespace", obj: psstest.Wrap("Deployment", debugPod()), ns: ns("lab", "example.com/lab", "true", "team-label", "exclude"), admit: true},
		{name: "Pod in a lab namespace (autogen-* only)", obj: debugPod(func(p *corev1.Pod) { p.Name = "web" }), ns: ns("lab", "example.com/lab", "true")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := evaluator.Request{Object: tc.obj, Namespace: tc.ns, UserInfo: tc.user, Operation: admission.Create}
			if tc.user == nil {
				r.UserInfo = &user.DefaultInfo{Name: "carol"}
			}
			d, err := eval.Evaluate(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tc.admit {
				t.Errorf("allowed = %v, want %v (%s)", d.Allowed, tc.admit, d.Message)
			}
		})
	}
}

func cronJobOf(p *corev1.Pod) *batchv1.CronJob {
	return &batchv1.CronJob{
		TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"},
		ObjectMeta: *p.ObjectMeta.DeepCopy(),
		Spec: batchv1.CronJobSpec{Schedule: "@daily", JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
			Template: corev1.PodTemplateSpec{Spec: *p.Spec.DeepCopy()}}}},
	}
}

// TestSubjectsMatchLikeKyverno: a rule's match and exclude by subjects
// (golden case subjects) select requests by who makes them.
func TestSubjectsMatchLikeKyverno(t *testing.T) {
	result, problems := generator.Generate(caseOptions(t, "testdata/golden/subjects"))
	if result == nil {
		t.Fatal(problems.Error())
	}
	eval, err := testkit.EvaluatorOf(result)
	if err != nil {
		t.Fatal(err)
	}
	ns := testkit.Namespace("ci", "profile", "baseline")
	configMap := &corev1.ConfigMap{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
		ObjectMeta: metav1.ObjectMeta{Name: "pipeline", Labels: map[string]string{"app": "ci"}}}
	secret := &corev1.Secret{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Secret"}, ObjectMeta: metav1.ObjectMeta{Name: "token"}}
	controller := &user.DefaultInfo{Name: "system:serviceaccount:tekton-pipelines:tekton-pipelines-controller"}
	deployer := &user.DefaultInfo{Name: "system:serviceaccount:ci:deployer"}
	for _, tc := range []struct {
		name  string
		obj   runtime.Object
		user  user.Info
		admit bool
	}{
		{"excluded user", configMap, controller, true},
		{"excluded group", configMap, &user.DefaultInfo{Name: "carol", Groups: []string{"release-managers"}}, true},
		{"anyone else", configMap, &user.DefaultInfo{Name: "carol", Groups: []string{"developers"}}, false},
		{"matched service account", secret, deployer, false},
		{"another requester is not matched", secret, &user.DefaultInfo{Name: "carol"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := eval.Evaluate(context.Background(), evaluator.Request{Object: tc.obj, Namespace: ns, UserInfo: tc.user, Operation: admission.Create})
			if err != nil {
				t.Fatal(err)
			}
			if d.Allowed != tc.admit {
				t.Errorf("allowed = %v, want %v (%s)", d.Allowed, tc.admit, d.Message)
			}
		})
	}
}
