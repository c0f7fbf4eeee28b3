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
// page's items; the next page is fetched while fn runs, and no page is kept
// after it. A failed request is an *Error naming the kind and namespace.
func (l *lister) each(ctx context.Context, k kind, namespace, selector string, fn func([]runtime.Object) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type fetched struct {
		p   page
		err error
	}
	pages := make(chan fetched, 1)
	go func() {
		defer close(pages)
		opts := metav1.ListOptions{Limit: l.pageSize, LabelSelector: selector}
		for {
			p, err := k.list(ctx, l.clients.Kube, namespace, opts)
			select {
			case pages <- fetched{p, err}:
			case <-ctx.Done():
				return
			}
			if err != nil || p.continued == "" {
				return
			}
			opts.Continue = p.continued
		}
	}()
	sofar := 0
	for f := range pages {
		if f.err != nil {
			return requestError(listing(k, namespace), l.clients.Server, ReadRBAC, f.err)
		}
		sofar += len(f.p.items)
		if l.listed != nil {
			remaining := int64(-1)
			if f.p.remaining != nil {
				remaining = *f.p.remaining
			}
			l.listed(k, sofar, remaining)
		}
		if err := fn(f.p.items); err != nil {
			return err
		}
	}
	return ctx.Err()
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
