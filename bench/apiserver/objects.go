// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/vapgen/vapgen/bench"
)

// applySet creates (or updates) the policies and bindings; it returns what
// exists afterwards, for deleteSet.
func applySet(ctx context.Context, cs kubernetes.Interface, s *bench.Set) (*bench.Set, error) {
	done := &bench.Set{}
	api := cs.AdmissionregistrationV1()
	for _, p := range s.Policies {
		_, err := api.ValidatingAdmissionPolicies().Create(ctx, p, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			var old *bench.Policy
			if old, err = api.ValidatingAdmissionPolicies().Get(ctx, p.Name, metav1.GetOptions{}); err == nil {
				p = p.DeepCopy()
				p.ResourceVersion = old.ResourceVersion
				_, err = api.ValidatingAdmissionPolicies().Update(ctx, p, metav1.UpdateOptions{})
			}
		}
		if err != nil {
			return done, fmt.Errorf("ValidatingAdmissionPolicy %s: %w", p.Name, err)
		}
		done.Policies = append(done.Policies, p)
	}
	for _, b := range s.Bindings {
		_, err := api.ValidatingAdmissionPolicyBindings().Create(ctx, b, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			var old *bench.Binding
			if old, err = api.ValidatingAdmissionPolicyBindings().Get(ctx, b.Name, metav1.GetOptions{}); err == nil {
				b = b.DeepCopy()
				b.ResourceVersion = old.ResourceVersion
				_, err = api.ValidatingAdmissionPolicyBindings().Update(ctx, b, metav1.UpdateOptions{})
			}
		}
		if err != nil {
			return done, fmt.Errorf("ValidatingAdmissionPolicyBinding %s: %w", b.Name, err)
		}
		done.Bindings = append(done.Bindings, b)
	}
	return done, nil
}

func deleteSet(cs kubernetes.Interface, s *bench.Set, log io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := cs.AdmissionregistrationV1()
	for _, b := range s.Bindings {
		if err := api.ValidatingAdmissionPolicyBindings().Delete(ctx, b.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			fmt.Fprintf(log, "delete ValidatingAdmissionPolicyBinding %s: %v\n", b.Name, err)
		}
	}
	for _, p := range s.Policies {
		if err := api.ValidatingAdmissionPolicies().Delete(ctx, p.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			fmt.Fprintf(log, "delete ValidatingAdmissionPolicy %s: %v\n", p.Name, err)
		}
	}
}

func deleteNamespace(cs kubernetes.Interface, name string, log io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cs.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		fmt.Fprintf(log, "delete namespace %s: %v\n", name, err)
	}
}

// waitNamespacesGone waits (bounded) until the namespace controller has
// deleted the namespaces and their objects, on a cluster not started here.
func waitNamespacesGone(cs kubernetes.Interface, namespaces map[string]string, timeout time.Duration, log io.Writer) {
	deadline := time.Now().Add(timeout)
	for _, name := range namespaces {
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
			cancel()
			if apierrors.IsNotFound(err) {
				break
			}
			if time.Now().After(deadline) {
				fmt.Fprintf(log, "namespace %s is still being deleted after %s\n", name, timeout)
				return
			}
			time.Sleep(2 * time.Second)
		}
	}
}

// waitPolicies waits until kube-controller-manager has type-checked every
// policy (status.observedGeneration), then 2 s more for the API server's
// informers, as hack/e2e/run.sh does.
func waitPolicies(ctx context.Context, cs kubernetes.Interface, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		list, err := cs.AdmissionregistrationV1().ValidatingAdmissionPolicies().List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		pending := 0
		for _, p := range list.Items {
			if p.Status.ObservedGeneration != p.Generation {
				pending++
			}
			if tc := p.Status.TypeChecking; tc != nil && len(tc.ExpressionWarnings) > 0 {
				w := tc.ExpressionWarnings[0]
				return fmt.Errorf("ValidatingAdmissionPolicy %s: type checking: %s: %s", p.Name, w.FieldRef, w.Warning)
			}
		}
		if pending == 0 {
			return sleep(ctx, 2*time.Second)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d ValidatingAdmissionPolicies not type-checked after %s", pending, timeout)
		}
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func waitServiceAccounts(ctx context.Context, cs kubernetes.Interface, namespaces map[string]string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, ns := range namespaces {
		for {
			_, err := cs.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
			if err == nil {
				break
			}
			if !apierrors.IsNotFound(err) || time.Now().After(deadline) {
				return fmt.Errorf("ServiceAccount default in %s: %w", ns, err)
			}
			if err := sleep(ctx, 500*time.Millisecond); err != nil {
				return err
			}
		}
	}
	return nil
}

// sanityCheck proves, with dry-run requests, that every series' namespace
// admits the pod (and Deployment) of the benchmark and that its policies are
// active: a pod with a hostPort is denied wherever a policy applies.
func sanityCheck(ctx context.Context, cs kubernetes.Interface, o options, namespaces map[string]string, timeout time.Duration) error {
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	deadline := time.Now().Add(timeout)
	for {
		var problems []string
		for k, ns := range namespaces {
			def := seriesByKey[k]
			good, bad := podOf(def, o.containers), podOf(def, o.containers)
			good.Name, bad.Name = "sanity-good", "sanity-bad"
			bad.Spec.Containers[0].Ports[0].HostPort = 8080
			goodDeploy, badDeploy := deploymentOf(def, o.containers), deploymentOf(def, o.containers)
			goodDeploy.Name, badDeploy.Name = "sanity-good", "sanity-bad"
			badDeploy.Spec.Template.Spec.Containers[0].Ports[0].HostPort = 8080
			if _, err := cs.CoreV1().Pods(ns).Create(ctx, good, dry); err != nil {
				problems = append(problems, fmt.Sprintf("%s: the benchmark pod is denied: %v", ns, err))
			}
			if _, err := cs.CoreV1().Pods(ns).Create(ctx, bad, dry); (err != nil) != def.Denies {
				problems = append(problems, fmt.Sprintf("%s: a pod with a hostPort: want denied=%v, got %v", ns, def.Denies, err))
			}
			if slices.Contains(o.deploySeries, k) && o.deployments > 0 {
				if _, err := cs.AppsV1().Deployments(ns).Create(ctx, goodDeploy, dry); err != nil {
					problems = append(problems, fmt.Sprintf("%s: the benchmark Deployment is denied: %v", ns, err))
				}
				if _, err := cs.AppsV1().Deployments(ns).Create(ctx, badDeploy, dry); (err != nil) != def.Denies {
					problems = append(problems, fmt.Sprintf("%s: a Deployment with a hostPort: want denied=%v, got %v", ns, def.Denies, err))
				}
			}
		}
		if len(problems) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("sanity check failed:\n  " + strings.Join(problems, "\n  "))
		}
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
}

// create creates one object of a job's kind.
func create(ctx context.Context, cs kubernetes.Interface, kind, ns, name string, pod *corev1.Pod, deploy *appsv1.Deployment) error {
	if kind == "pod" {
		p := pod.DeepCopy()
		p.Name = name
		_, err := cs.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})
		return err
	}
	d := deploy.DeepCopy()
	d.Name = name
	_, err := cs.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{})
	return err
}
