// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// pagedPods serves the pods of a fake clientset in pages of the requested
// Limit with continue tokens, like the API server, and counts requests.
func pagedPods(t *testing.T, cs *fake.Clientset, all []corev1.Pod) *int {
	t.Helper()
	requests := 0
	cs.PrependReactor("list", "pods", func(a k8stesting.Action) (bool, runtime.Object, error) {
		requests++
		opts := a.(k8stesting.ListActionImpl).GetListOptions()
		if opts.Limit <= 0 {
			t.Errorf("list pods without a limit")
		}
		start := 0
		if opts.Continue != "" {
			start, _ = strconv.Atoi(opts.Continue)
		}
		end := min(start+int(opts.Limit), len(all))
		list := &corev1.PodList{Items: all[start:end]}
		if end < len(all) {
			list.Continue = strconv.Itoa(end)
			remaining := int64(len(all) - end)
			list.RemainingItemCount = &remaining
		}
		return true, list, nil
	})
	return &requests
}

// TestAuditPages: pods are listed page by page, every page judged.
func TestAuditPages(t *testing.T) {
	var pods []corev1.Pod
	for i := range 25 {
		pods = append(pods, *pod("shop", fmt.Sprintf("p-%02d", i), plainSpec(), nil, ""))
	}
	cs := fake.NewClientset(namespace("shop"))
	requests := pagedPods(t, cs, pods)
	ev, rules := shipped(t, "manifests")
	var progress strings.Builder
	res, err := Audit(context.Background(), Options{Clients: &Clients{Kube: cs}, Evaluator: ev, Rules: rules, PageSize: 10,
		Relabel: WithProfile(prefix, "restricted"), Progress: &progress, ProgressEvery: 1})
	if err != nil {
		t.Fatal(err)
	}
	if *requests != 3 || res.Pods != 25 || res.Denied() != 25 {
		t.Errorf("%d list requests, %d pods judged, %d denied; want 3, 25, 25", *requests, res.Pods, res.Denied())
	}
	if !regexp.MustCompile(`(?m)^vapgen: audit: \d+ objects judged \(\d+ pods\) in \d+s, \d+/s; listing pods: (10 of about 25|20 of about 25|25)$`).MatchString(progress.String()) {
		t.Errorf("progress:\n%s", progress.String())
	}
}

// apiDown is what client-go returns when nothing listens.
var apiDown = &url.Error{Op: "Get", URL: "https://127.0.0.1:6443/api/v1/namespaces", Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}

// TestAuditErrors: every failure is an *Error that names what failed, and
// no result is returned.
func TestAuditErrors(t *testing.T) {
	forbidden := apierrors.NewForbidden(schema.GroupResource{Resource: "pods"}, "", errors.New(`User "audit" cannot list resource "pods" in API group "" at the cluster scope`))
	for _, tc := range []struct {
		name     string
		resource string
		err      error
		scope    Scope
		kind     ErrorKind
		want     string
	}{
		{"forbidden", "pods", forbidden, Scope{}, Forbidden, `listing pods in all namespaces: forbidden: pods is forbidden: User "audit" cannot list resource "pods" in API group "" at the cluster scope; vapgen audit needs get and list on namespaces, pods,`},
		{"down", "namespaces", apiDown, Scope{}, Connection, `listing namespaces: cannot reach the API server https://fake:6443 (context fake): Get "https://127.0.0.1:6443/api/v1/namespaces": dial tcp: connection refused`},
		{"paging", "deployments", apierrors.NewResourceExpired("the continue token expired"), Scope{}, Request, "listing deployments.apps in all namespaces: the continue token expired (the listing outlived its continue token"},
		{"missing namespace", "", nil, Scope{Names: []string{"nope"}}, NotFound, `namespace "nope" not found`},
		{"no match", "", nil, Scope{Selector: "team=none"}, NotFound, "no namespace matches --selector team=none"},
		{"per namespace", "jobs", forbidden, Scope{Names: []string{"shop"}}, Forbidden, "listing jobs.batch in namespace shop: forbidden: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := shop()
			cs := c.Kube.(*fake.Clientset)
			if tc.resource != "" {
				cs.PrependReactor("list", tc.resource, func(k8stesting.Action) (bool, runtime.Object, error) { return true, nil, tc.err })
			}
			ev, rules := shipped(t, "manifests")
			res, err := Audit(context.Background(), Options{Clients: c, Evaluator: ev, Rules: rules, Scope: tc.scope})
			var le *Error
			if !errors.As(err, &le) || le.Kind != tc.kind || !strings.HasPrefix(le.Msg, tc.want) || res != nil {
				t.Errorf("err = %v (%T), result %v\nwant kind %d and a message starting %q", err, err, res, tc.kind, tc.want)
			}
		})
	}
}
