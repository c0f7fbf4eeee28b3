// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes"
)

// kind is a kind of object the audit lists.
type kind struct {
	resource string // plural, e.g. "deployments"
	gvk      schema.GroupVersionKind
	list     listFunc
}

// page is one page of a list.
type page struct {
	items     []runtime.Object
	continued string // the continue token, "" on the last page
	remaining *int64 // the API server's estimate of the items after this page
}

type listFunc func(ctx context.Context, c kubernetes.Interface, namespace string, opts metav1.ListOptions) (page, error)

// String names the kind's resource like kubectl: deployments.apps.
func (k kind) String() string {
	if k.gvk.Group == "" {
		return k.resource
	}
	return k.resource + "." + k.gvk.Group
}

// typedList adapts a typed List call.
func typedList[T any, PT interface {
	*T
	runtime.Object
}](list func(ctx context.Context, c kubernetes.Interface, namespace string, opts metav1.ListOptions) ([]T, metav1.ListMeta, error)) listFunc {
	return func(ctx context.Context, c kubernetes.Interface, namespace string, opts metav1.ListOptions) (page, error) {
		items, meta, err := list(ctx, c, namespace, opts)
		if err != nil {
			return page{}, err
		}
		objs := make([]runtime.Object, len(items))
		for i := range items {
			objs[i] = PT(&items[i])
		}
		return page{items: objs, continued: meta.Continue, remaining: meta.RemainingItemCount}, nil
	}
}

var (
	namespaces             = kind{"namespaces", corev1.SchemeGroupVersion.WithKind("Namespace"), typedList(listNamespaces)}
	pods                   = kind{"pods", corev1.SchemeGroupVersion.WithKind("Pod"), typedList(listPods)}
	cronJobs               = kind{"cronjobs", batchv1.SchemeGroupVersion.WithKind("CronJob"), typedList(listCronJobs)}
	jobs                   = kind{"jobs", batchv1.SchemeGroupVersion.WithKind("Job"), typedList(listJobs)}
	deployments            = kind{"deployments", appsv1.SchemeGroupVersion.WithKind("Deployment"), typedList(listDeployments)}
	replicaSets            = kind{"replicasets", appsv1.SchemeGroupVersion.WithKind("ReplicaSet"), typedList(listReplicaSets)}
	statefulSets           = kind{"statefulsets", appsv1.SchemeGroupVersion.WithKind("StatefulSet"), typedList(listStatefulSets)}
	daemonSets             = kind{"daemonsets", appsv1.SchemeGroupVersion.WithKind("DaemonSet"), typedList(listDaemonSets)}
	replicationControllers = kind{"replicationcontrollers", corev1.SchemeGroupVersion.WithKind("ReplicationController"), typedList(listReplicationControllers)}
	podTemplates           = kind{"podtemplates", corev1.SchemeGroupVersion.WithKind("PodTemplate"), typedList(listPodTemplates)}
)

// workloadKinds are the kinds with a pod template, owners before what they
// own (CronJobs before Jobs, Deployments before ReplicaSets), so that an
// owned object is listed after its owner. Pods come after all of them.
var workloadKinds = []kind{cronJobs, jobs, deployments, replicaSets, statefulSets, daemonSets, replicationControllers, podTemplates}

func listNamespaces(ctx context.Context, c kubernetes.Interface, _ string, o metav1.ListOptions) ([]corev1.Namespace, metav1.ListMeta, error) {
	l, err := c.CoreV1().Namespaces().List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listPods(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]corev1.Pod, metav1.ListMeta, error) {
	l, err := c.CoreV1().Pods(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listCronJobs(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]batchv1.CronJob, metav1.ListMeta, error) {
	l, err := c.BatchV1().CronJobs(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listJobs(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]batchv1.Job, metav1.ListMeta, error) {
	l, err := c.BatchV1().Jobs(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listDeployments(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]appsv1.Deployment, metav1.ListMeta, error) {
	l, err := c.AppsV1().Deployments(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listReplicaSets(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]appsv1.ReplicaSet, metav1.ListMeta, error) {
	l, err := c.AppsV1().ReplicaSets(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listStatefulSets(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]appsv1.StatefulSet, metav1.ListMeta, error) {
	l, err := c.AppsV1().StatefulSets(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listDaemonSets(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]appsv1.DaemonSet, metav1.ListMeta, error) {
	l, err := c.AppsV1().DaemonSets(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listReplicationControllers(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]corev1.ReplicationController, metav1.ListMeta, error) {
	l, err := c.CoreV1().ReplicationControllers(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}

func listPodTemplates(ctx context.Context, c kubernetes.Interface, ns string, o metav1.ListOptions) ([]corev1.PodTemplate, metav1.ListMeta, error) {
	l, err := c.CoreV1().PodTemplates(ns).List(ctx, o)
	if err != nil {
		return nil, metav1.ListMeta{}, err
	}
	return l.Items, l.ListMeta, nil
}
