// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"fmt"
	"sync"

	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/evaluator/report"
)

var (
	reportsGV             = schema.GroupVersion{Group: "wgpolicyk8s.io", Version: "v1alpha2"}
	policyReports         = reportsGV.WithResource("policyreports")
	clusterPolicyReports  = reportsGV.WithResource("clusterpolicyreports")
	reportVerbs           = []string{"list", "create", "update", "delete"}
	managedReportSelector = report.ManagedByLabel + "=" + report.ManagedBy
)

// Writer writes reports into a cluster.
type Writer struct {
	Clients *Clients
	// Parallel requests; 8 when 0.
	Parallel int

	// namespaced are the namespaces Preflight found the caller may write
	// PolicyReports in, when it may not cluster-wide: Write then lists them
	// one namespace at a time.
	namespaced []string
}

// WriteStats counts what Write did.
type WriteStats struct{ Created, Updated, Unchanged, Deleted int }

// Preflight checks, before anything is judged or written, that the report
// CRDs are served and that the caller may list, create, update and delete
// PolicyReports in the scope's namespaces and ClusterPolicyReports: so that
// a missing CRD or permission is an error before any write, not after half
// of them.
func (w *Writer) Preflight(ctx context.Context, scope []string) error {
	list, err := w.Clients.Kube.Discovery().ServerResourcesForGroupVersion(reportsGV.String())
	if apierrors.IsNotFound(err) {
		return &Error{Kind: MissingCRD, Msg: installCRDs, Err: err}
	}
	if err != nil {
		return requestError("looking up the PolicyReport API ("+reportsGV.String()+")", w.Clients.Server, WriteRBAC, err)
	}
	served := map[string]bool{}
	for _, r := range list.APIResources {
		served[r.Name] = true
	}
	for _, gvr := range []schema.GroupVersionResource{policyReports, clusterPolicyReports} {
		if !served[gvr.Resource] {
			return &Error{Kind: MissingCRD, Msg: fmt.Sprintf("%s: %s are not served", installCRDs, gvr.GroupResource())}
		}
	}
	if err := w.allowed(ctx, clusterPolicyReports, ""); err != nil {
		return err
	}
	if w.allowed(ctx, policyReports, "") == nil {
		return nil
	}
	for _, ns := range scope {
		if err := w.allowed(ctx, policyReports, ns); err != nil {
			return err
		}
	}
	w.namespaced = scope
	return nil
}

// allowed asks the API server whether the caller may use every report verb
// on gvr in namespace ("" all namespaces, or cluster-scoped).
func (w *Writer) allowed(ctx context.Context, gvr schema.GroupVersionResource, namespace string) error {
	for _, verb := range reportVerbs {
		review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
			ResourceAttributes: &authorizationv1.ResourceAttributes{Namespace: namespace, Verb: verb, Group: gvr.Group, Resource: gvr.Resource}}}
		got, err := w.Clients.Kube.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err != nil {
			return requestError("checking permissions on "+gvr.GroupResource().String(), w.Clients.Server, WriteRBAC, err)
		}
		if !got.Status.Allowed {
			where := "in namespace " + namespace
			if namespace == "" {
				where = "cluster-wide"
			}
			return &Error{Kind: Forbidden, Msg: fmt.Sprintf("writing reports: forbidden: may not %s %s %s; %s", verb, gvr.GroupResource(), where, WriteRBAC)}
		}
	}
	return nil
}

// Write makes the reports in the cluster what reports says, for the
// objects of scope (nil: every namespace): it creates the missing ones,
// updates those whose content changed (timestamps aside), leaves the
// others alone, and deletes vapgen's reports about objects that are no
// longer there. Run Preflight first.
func (w *Writer) Write(ctx context.Context, reports []*report.Report, scope []string) (WriteStats, error) {
	namespaces := scope
	if namespaces == nil {
		namespaces = w.namespaced
	}
	existing, err := w.existing(ctx, scope, namespaces)
	if err != nil {
		return WriteStats{}, err
	}
	var ops []func() (string, error)
	wanted := map[string]bool{}
	for _, r := range reports {
		k := reportKey(r.Metadata.Namespace, r.Metadata.Name)
		wanted[k] = true
		ops = append(ops, w.apply(ctx, r, existing[k]))
	}
	for k, e := range existing {
		if !wanted[k] {
			ops = append(ops, w.remove(ctx, e))
		}
	}
	return w.run(ops)
}

// run runs the operations in parallel and counts what they did.
func (w *Writer) run(ops []func() (string, error)) (WriteStats, error) {
	parallel := w.Parallel
	if parallel <= 0 {
		parallel = 8
	}
	var (
		mu    sync.Mutex
		stats WriteStats
		first error
		wg    sync.WaitGroup
		next  = make(chan func() (string, error))
	)
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for op := range next {
				did, err := op()
				mu.Lock()
				switch {
				case err != nil && first == nil:
					first = err
				case did == "created":
					stats.Created++
				case did == "updated":
					stats.Updated++
				case did == "unchanged":
					stats.Unchanged++
				case did == "deleted":
					stats.Deleted++
				}
				mu.Unlock()
			}
		}()
	}
	for _, op := range ops {
		next <- op
	}
	close(next)
	wg.Wait()
	return stats, first
}

func reportKey(namespace, name string) string { return namespace + "/" + name }
