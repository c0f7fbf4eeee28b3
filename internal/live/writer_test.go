// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	fakediscovery "k8s.io/client-go/discovery/fake"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// withReports adds to a fake cluster a dynamic client that serves the
// report resources, the CRDs in discovery (unless crds is false), and an
// authorizer that allows what allowed says.
func withReports(c *Clients, crds bool, allowed func(authorizationv1.ResourceAttributes) bool) *dynamicfake.FakeDynamicClient {
	cs := c.Kube.(*fake.Clientset)
	if crds {
		cs.Discovery().(*fakediscovery.FakeDiscovery).Resources = []*metav1.APIResourceList{{GroupVersion: reportsGV.String(), APIResources: []metav1.APIResource{
			{Name: "policyreports", Namespaced: true, Kind: "PolicyReport"}, {Name: "clusterpolicyreports", Kind: "ClusterPolicyReport"}}}}
	}
	cs.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		review := a.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview)
		review.Status.Allowed = allowed(*review.Spec.ResourceAttributes)
		return true, review, nil
	})
	dyn := dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{
		policyReports: "PolicyReportList", clusterPolicyReports: "ClusterPolicyReportList"})
	c.Dynamic = dyn
	return dyn
}

func allowAll(authorizationv1.ResourceAttributes) bool { return true }

// writes counts the write actions of a dynamic fake.
func writes(dyn *dynamicfake.FakeDynamicClient) int {
	n := 0
	for _, a := range dyn.Actions() {
		switch a.GetVerb() {
		case "create", "update", "delete":
			n++
		}
	}
	return n
}

func auditAndWrite(t *testing.T, c *Clients) (WriteStats, error) {
	t.Helper()
	ev, rules := shipped(t, "manifests")
	w := &Writer{Clients: c}
	res, err := Audit(context.Background(), Options{Clients: c, Evaluator: ev, Rules: rules, Relabel: WithProfile(prefix, "restricted"),
		Ready: func(ns []string) error { return w.Preflight(context.Background(), ns) }})
	if err != nil {
		return WriteStats{}, err
	}
	return w.Write(context.Background(), Reports(res, rules, time.Unix(1767323045, 0)), nil)
}

// TestWriteReports: reports are created, left alone when nothing changed,
// updated when a pod is fixed, and deleted when their object is gone.
func TestWriteReports(t *testing.T) {
	c := shop()
	dyn := withReports(c, true, allowAll)
	stats, err := auditAndWrite(t, c)
	// shop: 3 resources and its Namespace object, which no policy matches;
	// other: the privileged pod.
	if err != nil || stats != (WriteStats{Created: 4}) {
		t.Fatalf("first run: %+v, %v", stats, err)
	}
	debug, err := dyn.Resource(policyReports).Namespace("shop").Get(context.Background(), ReportName("uid-pod-shop-debug"), metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fail, _, _ := unstructuredInt(debug.Object, "summary", "fail"); fail != 4 {
		t.Errorf("debug's report: %d failures, want 4: %v", fail, debug.Object["summary"])
	}
	owner := debug.GetOwnerReferences()
	if len(owner) != 1 || owner[0].Kind != "Pod" || owner[0].UID != "uid-pod-shop-debug" || debug.GetLabels()["app.kubernetes.io/managed-by"] != "vapgen" {
		t.Errorf("owner %v, labels %v", owner, debug.GetLabels())
	}
	if stats, err := auditAndWrite(t, c); err != nil || stats != (WriteStats{Unchanged: 4}) {
		t.Errorf("second run: %+v, %v", stats, err)
	}
	cs := c.Kube.(*fake.Clientset)
	fixed := pod("shop", "debug", restrictedSpec(), nil, "")
	if _, err := cs.CoreV1().Pods("shop").Update(context.Background(), fixed, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cs.CoreV1().Pods("other").Delete(context.Background(), "priv", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if stats, err := auditAndWrite(t, c); err != nil || stats != (WriteStats{Updated: 1, Unchanged: 2, Deleted: 1}) {
		t.Errorf("run after fixing debug and deleting priv: %+v, %v", stats, err)
	}
	debug, _ = dyn.Resource(policyReports).Namespace("shop").Get(context.Background(), ReportName("uid-pod-shop-debug"), metav1.GetOptions{})
	if fail, _, _ := unstructuredInt(debug.Object, "summary", "fail"); fail != 0 {
		t.Errorf("the fixed pod's report still fails: %v", debug.Object["summary"])
	}
}

// TestWriteReportsPreflight: a missing CRD, a missing permission or an API
// server that is down is an error before anything is judged or written.
func TestWriteReportsPreflight(t *testing.T) {
	for _, tc := range []struct {
		name    string
		crds    bool
		allowed func(authorizationv1.ResourceAttributes) bool
		down    bool
		kind    ErrorKind
		want    string
	}{
		{"missing CRD", false, allowAll, false, MissingCRD, "the PolicyReport CRDs are not installed: kubectl apply -k manifests/reports/"},
		{"no delete", true, func(a authorizationv1.ResourceAttributes) bool { return a.Verb != "delete" }, false, Forbidden,
			"writing reports: forbidden: may not delete clusterpolicyreports.wgpolicyk8s.io cluster-wide; --write-reports also needs get, list, create, update and delete"},
		{"namespaced only", true, func(a authorizationv1.ResourceAttributes) bool {
			return a.Resource == "clusterpolicyreports" || a.Namespace == "shop"
		}, false, Forbidden,
			"writing reports: forbidden: may not list policyreports.wgpolicyk8s.io in namespace other;"},
		{"down", true, allowAll, true, Connection, "looking up the PolicyReport API (wgpolicyk8s.io/v1alpha2): cannot reach the API server"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := shop()
			dyn := withReports(c, tc.crds, tc.allowed)
			if tc.down {
				c.Kube.(*fake.Clientset).PrependReactor("get", "resource", func(k8stesting.Action) (bool, runtime.Object, error) { return true, nil, apiDown })
			}
			_, err := auditAndWrite(t, c)
			var le *Error
			if !errors.As(err, &le) || le.Kind != tc.kind || !strings.HasPrefix(le.Msg, tc.want) {
				t.Errorf("err = %v\nwant kind %d and a message starting %q", err, tc.kind, tc.want)
			}
			if n := writes(dyn); n != 0 {
				t.Errorf("%d reports written after a failed preflight", n)
			}
		})
	}
	// Allowed in the audited namespaces only: enough.
	c := shop()
	withReports(c, true, func(a authorizationv1.ResourceAttributes) bool {
		return a.Resource == "clusterpolicyreports" || a.Namespace == "shop" || a.Namespace == "other"
	})
	if _, err := auditAndWrite(t, c); err != nil {
		t.Errorf("namespaced permissions in every audited namespace: %v", err)
	}
}

func unstructuredInt(obj map[string]any, fields ...string) (int64, bool, error) {
	v := any(obj)
	for _, f := range fields {
		m, ok := v.(map[string]any)
		if !ok {
			return 0, false, nil
		}
		v = m[f]
	}
	switch n := v.(type) {
	case int64:
		return n, true, nil
	case float64:
		return int64(n), true, nil
	}
	return 0, false, nil
}
