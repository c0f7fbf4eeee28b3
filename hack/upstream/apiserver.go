// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/vapgen/vapgen/generator"
)

// apiServer creates every generated object on a real kube-apiserver with
// a server-side dry run: the API server decodes, defaults and validates
// it (CEL compilation included) and admits it, and stores nothing, so the
// policies of every folder can be tried on one server although their
// names repeat across folders.
type apiServer struct {
	client kubernetes.Interface
}

func newAPIServer(kubeconfig string) (*apiServer, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, err
	}
	cfg.QPS, cfg.Burst = 200, 400
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &apiServer{client: client}, nil
}

// accepted counts the objects of a result the API server accepts; each
// refusal is a message naming the object.
func (a *apiServer) accepted(result *generator.Result) (accepted, total int, refusals []string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	t := &dryRuns{ctx: ctx}
	adm := a.client.AdmissionregistrationV1()
	policies, bindings := result.Objects()
	dryRunAll(t, "ValidatingAdmissionPolicy", policies, adm.ValidatingAdmissionPolicies().Create)
	dryRunAll(t, "ValidatingAdmissionPolicyBinding", bindings, adm.ValidatingAdmissionPolicyBindings().Create)
	mutations, mutationBindings := result.MutatingObjects()
	dryRunAll(t, "MutatingAdmissionPolicy", mutations, adm.MutatingAdmissionPolicies().Create)
	dryRunAll(t, "MutatingAdmissionPolicyBinding", mutationBindings, adm.MutatingAdmissionPolicyBindings().Create)
	return t.accepted, t.total, t.refusals
}

// dryRuns counts the server-side dry runs of one result.
type dryRuns struct {
	ctx             context.Context
	accepted, total int
	refusals        []string
}

// dryRunAll creates each object of one kind with a server-side dry run.
func dryRunAll[T metav1.Object](t *dryRuns, kind string, objects []T, create func(context.Context, T, metav1.CreateOptions) (T, error)) {
	opts := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: metav1.FieldValidationStrict}
	for _, o := range objects {
		t.total++
		if _, err := create(t.ctx, o, opts); err != nil {
			t.refusals = append(t.refusals, fmt.Sprintf("%s %s: %v", kind, o.GetName(), err))
			continue
		}
		t.accepted++
	}
}
