// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"fmt"
	"maps"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Scope says which namespaces are audited: those named, those a label
// selector selects, or (both empty) all.
type Scope struct {
	Names    []string
	Selector string
}

// All reports whether the scope is every namespace.
func (s Scope) All() bool { return len(s.Names) == 0 && s.Selector == "" }

// Relabel returns the namespace that requests in ns are judged with. It
// must not modify ns; a nil Relabel judges every namespace as labelled.
type Relabel func(ns *corev1.Namespace) *corev1.Namespace

// WithProfile judges namespaces as if they were labelled
// <prefix>/profile=<profile>, their other labels unchanged.
func WithProfile(prefix, profile string) Relabel {
	return WithLabels(map[string]string{prefix + "/profile": profile})
}

// WithLabels judges namespaces as if they had these labels too (replacing
// those of the same keys).
func WithLabels(set map[string]string) Relabel {
	return func(ns *corev1.Namespace) *corev1.Namespace {
		c := ns.DeepCopy()
		if c.Labels == nil {
			c.Labels = map[string]string{}
		}
		maps.Copy(c.Labels, set)
		return c
	}
}

// Namespaces returns the namespaces of a scope (see namespacesIn).
func Namespaces(ctx context.Context, c *Clients, s Scope) ([]*corev1.Namespace, error) {
	return (&lister{clients: c, pageSize: DefaultPageSize}).namespacesIn(ctx, s)
}

// ServerVersion is the API server's version as major.minor ("v1.37").
func ServerVersion(c *Clients) (string, error) {
	v, err := c.Kube.Discovery().ServerVersion()
	if err != nil {
		return "", requestError("asking the API server for its version", c.Server, ReadRBAC, err)
	}
	minor := strings.TrimRight(v.Minor, "+")
	return "v" + v.Major + "." + minor, nil
}

// namespacesIn returns the namespaces of the scope, by name. It fails when
// a named namespace does not exist or nothing matches: an audit of nothing
// is an error, not a success.
func (l *lister) namespacesIn(ctx context.Context, s Scope) ([]*corev1.Namespace, error) {
	var out []*corev1.Namespace
	if len(s.Names) > 0 {
		for _, name := range s.Names {
			ns, err := l.clients.Kube.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
			if apierrors.IsNotFound(err) {
				return nil, &Error{Kind: NotFound, Msg: fmt.Sprintf("namespace %q not found", name), Err: err}
			}
			if err != nil {
				return nil, requestError("getting namespace "+name, l.clients.Server, ReadRBAC, err)
			}
			out = append(out, ns)
		}
	} else {
		err := l.each(ctx, namespaces, "", s.Selector, func(items []runtime.Object) error {
			for _, obj := range items {
				out = append(out, obj.(*corev1.Namespace))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		msg := "the cluster has no namespaces"
		if s.Selector != "" {
			msg = fmt.Sprintf("no namespace matches --selector %s", s.Selector)
		}
		return nil, &Error{Kind: NotFound, Msg: msg}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return uniqueNamespaces(out), nil
}

func uniqueNamespaces(sorted []*corev1.Namespace) []*corev1.Namespace {
	out := sorted[:0]
	for i, ns := range sorted {
		if i == 0 || ns.Name != sorted[i-1].Name {
			out = append(out, ns)
		}
	}
	return out
}
