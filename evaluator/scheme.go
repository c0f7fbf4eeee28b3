// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	admissionregistrationinstall "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	appsinstall "k8s.io/kubernetes/pkg/apis/apps/install"
	autoscalinginstall "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	batchinstall "k8s.io/kubernetes/pkg/apis/batch/install"
	certificatesinstall "k8s.io/kubernetes/pkg/apis/certificates/install"
	coordinationinstall "k8s.io/kubernetes/pkg/apis/coordination/install"
	coreinstall "k8s.io/kubernetes/pkg/apis/core/install"
	discoveryinstall "k8s.io/kubernetes/pkg/apis/discovery/install"
	eventsinstall "k8s.io/kubernetes/pkg/apis/events/install"
	flowcontrolinstall "k8s.io/kubernetes/pkg/apis/flowcontrol/install"
	networkinginstall "k8s.io/kubernetes/pkg/apis/networking/install"
	nodeinstall "k8s.io/kubernetes/pkg/apis/node/install"
	policyinstall "k8s.io/kubernetes/pkg/apis/policy/install"
	rbacinstall "k8s.io/kubernetes/pkg/apis/rbac/install"
	resourceinstall "k8s.io/kubernetes/pkg/apis/resource/install"
	schedulinginstall "k8s.io/kubernetes/pkg/apis/scheduling/install"
	storageinstall "k8s.io/kubernetes/pkg/apis/storage/install"
	storagemigrationinstall "k8s.io/kubernetes/pkg/apis/storagemigration/install"
)

// servedGroupVersions are the built-in group versions a kube-apiserver 1.37
// serves by default (k8s.io/kubernetes/pkg/controlplane/instance.go,
// stableAPIGroupVersionsEnabledByDefault). Only kinds of these versions are
// decoded into Go types and defaulted; other versions (beta, alpha, removed)
// are treated like custom resources. authentication.k8s.io and
// authorization.k8s.io are left out: admission policies never see them
// (k8s.io/kubernetes/pkg/kubeapiserver/admission/exclusion).
var servedGroupVersions = []schema.GroupVersion{
	{Group: "admissionregistration.k8s.io", Version: "v1"},
	{Group: "", Version: "v1"},
	{Group: "apps", Version: "v1"},
	{Group: "autoscaling", Version: "v1"},
	{Group: "autoscaling", Version: "v2"},
	{Group: "batch", Version: "v1"},
	{Group: "certificates.k8s.io", Version: "v1"},
	{Group: "coordination.k8s.io", Version: "v1"},
	{Group: "discovery.k8s.io", Version: "v1"},
	{Group: "events.k8s.io", Version: "v1"},
	{Group: "networking.k8s.io", Version: "v1"},
	{Group: "node.k8s.io", Version: "v1"},
	{Group: "policy", Version: "v1"},
	{Group: "rbac.authorization.k8s.io", Version: "v1"},
	{Group: "resource.k8s.io", Version: "v1"},
	{Group: "storage.k8s.io", Version: "v1"},
	{Group: "scheduling.k8s.io", Version: "v1"},
	{Group: "flowcontrol.apiserver.k8s.io", Version: "v1"},
	{Group: "storagemigration.k8s.io", Version: "v1"},
}

var (
	schemeOnce sync.Once
	apiScheme  *runtime.Scheme
)

// kubeScheme returns the scheme of the kube-apiserver's built-in types: the
// internal versions, every external version, the conversions between them and
// the defaulting functions (SetObjectDefaults_*) the API server applies when
// it decodes a request. It is built once and only read afterwards.
func kubeScheme() *runtime.Scheme {
	schemeOnce.Do(func() {
		s := runtime.NewScheme()
		for _, install := range []func(*runtime.Scheme){
			admissionregistrationinstall.Install, appsinstall.Install, autoscalinginstall.Install,
			batchinstall.Install, certificatesinstall.Install, coordinationinstall.Install,
			coreinstall.Install, discoveryinstall.Install, eventsinstall.Install,
			flowcontrolinstall.Install, networkinginstall.Install, nodeinstall.Install,
			policyinstall.Install, rbacinstall.Install, resourceinstall.Install,
			schedulinginstall.Install, storageinstall.Install, storagemigrationinstall.Install,
		} {
			install(s)
		}
		apiScheme = s
	})
	return apiScheme
}

// internalVersion is the hub version the API server converts requests to.
func internalVersion(gv schema.GroupVersion) schema.GroupVersion {
	return schema.GroupVersion{Group: gv.Group, Version: runtime.APIVersionInternal}
}
