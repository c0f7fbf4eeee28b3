// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// DefaultPageSize is how many objects one list request asks for.
const DefaultPageSize = 500

// lister pages through lists of one cluster.
type lister struct {
	clients  *Clients
	pageSize int64
	// listed is called after every page with the number of items so far
	// and the API server's estimate of those still to come (-1 unknown).
	listed func(k kind, sofar int, remaining int64)
}

// each lists objects of kind k in namespace ("" for all namespaces, or for
// cluster-scoped kinds) with selector, page by page, and calls fn for each
// page's items; the page is not kept. A failed request is an *Error naming
// the kind and namespace.
func (l *lister) each(ctx context.Context, k kind, namespace, selector string, fn func([]runtime.Object) error) error {
	opts := metav1.ListOptions{Limit: l.pageSize, LabelSelector: selector}
	sofar := 0
	for {
		p, err := k.list(ctx, l.clients.Kube, namespace, opts)
		if err != nil {
			return requestError(listing(k, namespace), l.clients.Server, ReadRBAC, err)
		}
		sofar += len(p.items)
		if l.listed != nil {
			remaining := int64(-1)
			if p.remaining != nil {
				remaining = *p.remaining
			}
			l.listed(k, sofar, remaining)
		}
		if err := fn(p.items); err != nil {
			return err
		}
		if p.continued == "" {
			return nil
		}
		opts.Continue = p.continued
	}
}

func listing(k kind, namespace string) string {
	switch {
	case k.resource == "namespaces":
		return "listing namespaces"
	case namespace == "":
		return fmt.Sprintf("listing %s in all namespaces", k)
	}
	return fmt.Sprintf("listing %s in namespace %s", k, namespace)
}
