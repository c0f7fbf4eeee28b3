// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const benchLabel = "vapgen-bench"

func namespaceName(i int) string { return fmt.Sprintf("bench-audit-%03d", i) }

// populate creates the namespaces, waits for their default ServiceAccount
// (pods need it) and creates the pods with o.clients clients.
func populate(ctx context.Context, cs kubernetes.Interface, o options) error {
	for i := range o.namespaces {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespaceName(i), Labels: map[string]string{benchLabel: "audit"}}}
		if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
	}
	for i := range o.namespaces {
		for {
			_, err := cs.CoreV1().ServiceAccounts(namespaceName(i)).Get(ctx, "default", metav1.GetOptions{})
			if err == nil {
				break
			}
			if !apierrors.IsNotFound(err) {
				return err
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	next := make(chan int)
	errs := make(chan error, o.clients)
	var wg sync.WaitGroup
	for range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if _, err := cs.CoreV1().Pods(namespaceName(i%o.namespaces)).Create(ctx, benchPod(i, o.bad), metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
					errs <- err
					return
				}
			}
		}()
	}
	var err error
loop:
	for i := range o.pods {
		select {
		case next <- i:
		case err = <-errs:
			break loop
		}
	}
	close(next)
	wg.Wait()
	if err != nil {
		return err
	}
	select {
	case err = <-errs:
	default:
	}
	return err
}

// benchPod is a restricted 3-container pod; every 1/bad-th one has a
// sidecar without securityContext, which restricted denies.
func benchPod(i int, bad float64) *corev1.Pod {
	f, t := false, true
	sc := func() *corev1.SecurityContext {
		return &corev1.SecurityContext{AllowPrivilegeEscalation: &f, Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}}}
	}
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("web-%05d", i), Labels: map[string]string{"app": "web"}},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: &t, SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault}},
			InitContainers:  []corev1.Container{{Name: "init", Image: "registry.example/init:1", SecurityContext: sc()}},
			Containers: []corev1.Container{
				{Name: "app", Image: "registry.example/app:1", Ports: []corev1.ContainerPort{{ContainerPort: 8080}}, SecurityContext: sc()},
				{Name: "sidecar", Image: "registry.example/sidecar:1", SecurityContext: sc()},
			},
		},
	}
	if bad > 0 && i%int(1/bad) == 0 {
		p.Spec.Containers[1].SecurityContext = nil
	}
	return p
}

// cleanup deletes the namespaces of a cluster the benchmark did not start.
func cleanup(cs kubernetes.Interface, o options, log io.Writer) {
	for i := range o.namespaces {
		if err := cs.CoreV1().Namespaces().Delete(context.Background(), namespaceName(i), metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			fmt.Fprintf(log, "deleting %s: %v\n", namespaceName(i), err)
		}
	}
}
