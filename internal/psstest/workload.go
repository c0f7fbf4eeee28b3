// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// WorkloadKinds are the kinds Wrap can put a pod into: every kind that
// carries a pod template.
var WorkloadKinds = []string{"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController", "PodTemplate"}

// Wrap returns an object of the given kind whose pod template is the pod
// (its metadata, annotations included, and its spec).
func Wrap(kind string, pod *corev1.Pod) interface {
	runtime.Object
	metav1.Object
} {
	labels := map[string]string{"app": "random"}
	meta := metav1.ObjectMeta{Name: pod.Name}
	tmpl := corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: labels, Annotations: pod.Annotations},
		Spec:       *pod.Spec.DeepCopy(),
	}
	selector := &metav1.LabelSelector{MatchLabels: labels}
	switch kind {
	case "Deployment":
		return &appsv1.Deployment{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: kind}, ObjectMeta: meta,
			Spec: appsv1.DeploymentSpec{Selector: selector, Template: tmpl}}
	case "ReplicaSet":
		return &appsv1.ReplicaSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: kind}, ObjectMeta: meta,
			Spec: appsv1.ReplicaSetSpec{Selector: selector, Template: tmpl}}
	case "StatefulSet":
		return &appsv1.StatefulSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: kind}, ObjectMeta: meta,
			Spec: appsv1.StatefulSetSpec{Selector: selector, Template: tmpl, ServiceName: "random"}}
	case "DaemonSet":
		return &appsv1.DaemonSet{TypeMeta: metav1.TypeMeta{APIVersion: "apps/v1", Kind: kind}, ObjectMeta: meta,
			Spec: appsv1.DaemonSetSpec{Selector: selector, Template: tmpl}}
	case "Job":
		return &batchv1.Job{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: kind}, ObjectMeta: meta,
			Spec: batchv1.JobSpec{Template: tmpl}}
	case "CronJob":
		return &batchv1.CronJob{TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: kind}, ObjectMeta: meta,
			Spec: batchv1.CronJobSpec{Schedule: "@hourly", JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: tmpl}}}}
	case "ReplicationController":
		return &corev1.ReplicationController{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: kind}, ObjectMeta: meta,
			Spec: corev1.ReplicationControllerSpec{Selector: labels, Template: &tmpl}}
	case "PodTemplate":
		return &corev1.PodTemplate{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: kind}, ObjectMeta: meta, Template: tmpl}
	}
	panic("psstest.Wrap: unknown kind " + kind)
}
