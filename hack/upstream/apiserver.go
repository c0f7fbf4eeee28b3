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
	dryRun := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: metav1.FieldValidationStrict}
	adm := a.client.AdmissionregistrationV1()
	count := func(kind, name string, err error) {
		total++
		if err != nil {
			refusals = append(refusals, fmt.Sprintf("%s %s: %v", kind, name, err))
			return
		}
		accepted++
	}
	policies, bindings := result.Objects()
	for _, p := range policies {
		_, err := adm.ValidatingAdmissionPolicies().Create(ctx, p, dryRun)
		count("ValidatingAdmissionPolicy", p.Name, err)
	}
	for _, b := range bindings {
		_, err := adm.ValidatingAdmissionPolicyBindings().Create(ctx, b, dryRun)
		count("ValidatingAdmissionPolicyBinding", b.Name, err)
	}
	mutations, mutationBindings := result.MutatingObjects()
	for _, p := range mutations {
		_, err := adm.MutatingAdmissionPolicies().Create(ctx, p, dryRun)
		count("MutatingAdmissionPolicy", p.Name, err)
	}
	for _, b := range mutationBindings {
		_, err := adm.MutatingAdmissionPolicyBindings().Create(ctx, b, dryRun)
		count("MutatingAdmissionPolicyBinding", b.Name, err)
	}
	return accepted, total, refusals
}
