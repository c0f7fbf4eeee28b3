// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/dynamic"

	"github.com/vapgen/vapgen/evaluator/report"
)

// existingReport is what Write needs to know of a report in the cluster.
type existingReport struct {
	namespace, name, resourceVersion, hash string
}

// existing lists vapgen's reports about the objects of scope (nil: all):
// the ClusterPolicyReports about its namespaces and the PolicyReports in
// namespaces (nil: all, listed cluster-wide).
func (w *Writer) existing(ctx context.Context, scope, namespaces []string) (map[string]*existingReport, error) {
	out := map[string]*existingReport{}
	keep := func(u *unstructured.Unstructured) {
		out[reportKey(u.GetNamespace(), u.GetName())] = &existingReport{namespace: u.GetNamespace(), name: u.GetName(), resourceVersion: u.GetResourceVersion(), hash: hashUnstructured(u)}
	}
	err := w.each(ctx, w.Clients.Dynamic.Resource(clusterPolicyReports), "listing clusterpolicyreports", func(u *unstructured.Unstructured) {
		name, _, _ := unstructured.NestedString(u.Object, "scope", "name")
		if scope == nil || slices.Contains(scope, name) {
			keep(u)
		}
	})
	if err != nil {
		return nil, err
	}
	if namespaces == nil {
		namespaces = []string{metav1.NamespaceAll}
	}
	for _, ns := range namespaces {
		doing := "listing policyreports in namespace " + ns
		if ns == "" {
			doing = "listing policyreports in all namespaces"
		}
		if err := w.each(ctx, w.Clients.Dynamic.Resource(policyReports).Namespace(ns), doing, keep); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// each pages through vapgen's reports of one resource.
func (w *Writer) each(ctx context.Context, client dynamic.ResourceInterface, doing string, fn func(*unstructured.Unstructured)) error {
	opts := metav1.ListOptions{LabelSelector: managedReportSelector, Limit: DefaultPageSize}
	for {
		list, err := client.List(ctx, opts)
		if apierrors.IsNotFound(err) {
			return &Error{Kind: MissingCRD, Msg: installCRDs, Err: err}
		}
		if err != nil {
			return requestError(doing, w.Clients.Server, WriteRBAC, err)
		}
		for i := range list.Items {
			fn(&list.Items[i])
		}
		if list.GetContinue() == "" {
			return nil
		}
		opts.Continue = list.GetContinue()
	}
}

func (w *Writer) client(namespace string) dynamic.ResourceInterface {
	if namespace == "" {
		return w.Clients.Dynamic.Resource(clusterPolicyReports)
	}
	return w.Clients.Dynamic.Resource(policyReports).Namespace(namespace)
}

// apply creates a report, or updates it when its content changed.
func (w *Writer) apply(ctx context.Context, r *report.Report, e *existingReport) func() (string, error) {
	return func() (string, error) {
		doing := fmt.Sprintf("writing %s %s", r.Kind, reportKey(r.Metadata.Namespace, r.Metadata.Name))
		content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(r)
		if err != nil {
			return "", fmt.Errorf("%s: %w", doing, err)
		}
		u := &unstructured.Unstructured{Object: content}
		client := w.client(r.Metadata.Namespace)
		if e == nil {
			_, err := client.Create(ctx, u, metav1.CreateOptions{FieldManager: "vapgen"})
			if apierrors.IsAlreadyExists(err) {
				return "", &Error{Kind: Request, Msg: doing + ": it exists but is not labelled " + managedReportSelector + "; vapgen does not overwrite it", Err: err}
			}
			return "created", requestError(doing, w.Clients.Server, WriteRBAC, err)
		}
		if e.hash == hashReport(r) {
			return "unchanged", nil
		}
		u.SetResourceVersion(e.resourceVersion)
		_, err = client.Update(ctx, u, metav1.UpdateOptions{FieldManager: "vapgen"})
		if apierrors.IsConflict(err) {
			current, getErr := client.Get(ctx, r.Metadata.Name, metav1.GetOptions{})
			if getErr != nil {
				return "", requestError(doing, w.Clients.Server, WriteRBAC, getErr)
			}
			u.SetResourceVersion(current.GetResourceVersion())
			_, err = client.Update(ctx, u, metav1.UpdateOptions{FieldManager: "vapgen"})
		}
		return "updated", requestError(doing, w.Clients.Server, WriteRBAC, err)
	}
}

// remove deletes a stale report; one already gone (its object was deleted
// and the garbage collector was first) is fine.
func (w *Writer) remove(ctx context.Context, e *existingReport) func() (string, error) {
	return func() (string, error) {
		err := w.client(e.namespace).Delete(ctx, e.name, metav1.DeleteOptions{})
		if apierrors.IsNotFound(err) {
			return "deleted", nil
		}
		return "deleted", requestError("deleting stale report "+reportKey(e.namespace, e.name), w.Clients.Server, WriteRBAC, err)
	}
}

// hashReport hashes what a report says, timestamps aside.
func hashReport(r *report.Report) string {
	c := *r
	c.Results = slices.Clone(r.Results)
	for i := range c.Results {
		c.Results[i].Timestamp = metav1.Timestamp{}
	}
	data, _ := json.Marshal(c)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// hashUnstructured is hashReport of a report read from the cluster.
func hashUnstructured(u *unstructured.Unstructured) string {
	r := &report.Report{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, r); err != nil {
		return ""
	}
	return hashReport(r)
}
