// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"reflect"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// kindInfo says how the API server serves a kind.
type kindInfo struct {
	resource   schema.GroupVersionResource
	namespaced bool
	// typed kinds are built-in: decoded into Go types, defaulted and
	// converted through the internal version like the API server does.
	typed bool
}

// nonResourceKinds are registered in the scheme but are not resources one
// creates (options, meta types, subresource bodies).
var nonResourceKinds = map[string]bool{
	"APIGroup": true, "APIVersions": true, "Binding": true, "CreateOptions": true,
	"DeleteOptions": true, "Eviction": true, "GetOptions": true, "ListOptions": true,
	"NodeProxyOptions": true, "PatchOptions": true, "PodAttachOptions": true,
	"PodExecOptions": true, "PodLogOptions": true, "PodPortForwardOptions": true,
	"PodProxyOptions": true, "PodStatusResult": true, "RangeAllocation": true,
	"Scale": true, "SerializedReference": true, "ServiceProxyOptions": true,
	"Status": true, "UpdateOptions": true, "WatchEvent": true,
}

// clusterScoped lists the cluster-scoped built-in kinds; every other built-in
// kind is namespaced.
var clusterScoped = map[schema.GroupKind]bool{
	{Kind: "Namespace"}: true, {Kind: "Node"}: true, {Kind: "PersistentVolume"}: true,
	{Kind: "ComponentStatus"}: true,
	{Group: "admissionregistration.k8s.io", Kind: "MutatingWebhookConfiguration"}:     true,
	{Group: "admissionregistration.k8s.io", Kind: "ValidatingWebhookConfiguration"}:   true,
	{Group: "admissionregistration.k8s.io", Kind: "ValidatingAdmissionPolicy"}:        true,
	{Group: "admissionregistration.k8s.io", Kind: "ValidatingAdmissionPolicyBinding"}: true,
	{Group: "certificates.k8s.io", Kind: "CertificateSigningRequest"}:                 true,
	{Group: "flowcontrol.apiserver.k8s.io", Kind: "FlowSchema"}:                       true,
	{Group: "flowcontrol.apiserver.k8s.io", Kind: "PriorityLevelConfiguration"}:       true,
	{Group: "networking.k8s.io", Kind: "IngressClass"}:                                true,
	{Group: "networking.k8s.io", Kind: "IPAddress"}:                                   true,
	{Group: "networking.k8s.io", Kind: "ServiceCIDR"}:                                 true,
	{Group: "node.k8s.io", Kind: "RuntimeClass"}:                                      true,
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRole"}:                         true,
	{Group: "rbac.authorization.k8s.io", Kind: "ClusterRoleBinding"}:                  true,
	{Group: "resource.k8s.io", Kind: "DeviceClass"}:                                   true,
	{Group: "resource.k8s.io", Kind: "ResourceSlice"}:                                 true,
	{Group: "scheduling.k8s.io", Kind: "PriorityClass"}:                               true,
	{Group: "storage.k8s.io", Kind: "CSIDriver"}:                                      true,
	{Group: "storage.k8s.io", Kind: "CSINode"}:                                        true,
	{Group: "storage.k8s.io", Kind: "StorageClass"}:                                   true,
	{Group: "storage.k8s.io", Kind: "VolumeAttachment"}:                               true,
	{Group: "storage.k8s.io", Kind: "VolumeAttributesClass"}:                          true,
	{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}:                 true,
	{Group: "apiregistration.k8s.io", Kind: "APIService"}:                             true,
	{Group: "storagemigration.k8s.io", Kind: "StorageVersionMigration"}:               true,
}

// scaleKinds are the built-in resources with a scale subresource.
var scaleKinds = map[string]bool{"deployments": true, "replicasets": true, "statefulsets": true, "replicationcontrollers": true}

// kindRegistry maps kinds to resources, for built-in kinds and for the
// custom resources declared by CustomResourceDefinitions in the Set.
type kindRegistry struct {
	kinds       map[schema.GroupVersionKind]kindInfo
	equivalents runtime.EquivalentResourceRegistry
	// builtin are the built-in kinds, of any served version.
	builtin map[schema.GroupKind]bool
}

func newKindRegistry(crds []crdKind) *kindRegistry {
	r := &kindRegistry{
		kinds:   map[schema.GroupVersionKind]kindInfo{},
		builtin: map[schema.GroupKind]bool{},
		// The API server keys equivalent resources by their storage prefix;
		// events.k8s.io events are stored with core events.
		equivalents: runtime.NewEquivalentResourceRegistryWithIdentity(func(gr schema.GroupResource) string {
			if gr == (schema.GroupResource{Group: "events.k8s.io", Resource: "events"}) {
				return "events"
			}
			return gr.String()
		}),
	}
	s := kubeScheme()
	for _, gv := range servedGroupVersions {
		for kind, typ := range s.KnownTypes(gv) {
			if nonResourceKinds[kind] || strings.HasSuffix(kind, "List") {
				continue
			}
			gvk := gv.WithKind(kind)
			info := kindInfo{resource: gv.WithResource(pluralize(kind)), namespaced: !clusterScoped[gvk.GroupKind()], typed: true}
			r.add(gvk, info)
			r.builtin[gvk.GroupKind()] = true
			if _, ok := typ.FieldByName("Status"); ok && typ.Kind() == reflect.Struct {
				r.equivalents.RegisterKindFor(info.resource, "status", gvk)
			}
			if scaleKinds[info.resource.Resource] {
				r.equivalents.RegisterKindFor(info.resource, "scale", schema.GroupVersionKind{Group: "autoscaling", Version: "v1", Kind: "Scale"})
			}
		}
	}
	pods := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	pod := schema.GroupVersionKind{Version: "v1", Kind: "Pod"}
	r.equivalents.RegisterKindFor(pods, "ephemeralcontainers", pod)
	r.equivalents.RegisterKindFor(pods, "resize", pod)
	r.equivalents.RegisterKindFor(pods, "binding", schema.GroupVersionKind{Version: "v1", Kind: "Binding"})
	r.equivalents.RegisterKindFor(pods, "eviction", schema.GroupVersionKind{Group: "policy", Version: "v1", Kind: "Eviction"})
	for _, c := range crds {
		for _, v := range c.versions {
			r.add(schema.GroupVersionKind{Group: c.group, Version: v, Kind: c.kind},
				kindInfo{resource: schema.GroupVersionResource{Group: c.group, Version: v, Resource: c.plural}, namespaced: c.namespaced})
		}
	}
	return r
}

func (r *kindRegistry) add(gvk schema.GroupVersionKind, info kindInfo) {
	r.kinds[gvk] = info
	r.equivalents.RegisterKindFor(info.resource, "", gvk)
}

// lookup returns the kind's resource. For a kind that is neither served nor
// declared by a CRD it guesses the plural, and takes namespaced as given
// unless the kind is built-in (served at another version).
func (r *kindRegistry) lookup(gvk schema.GroupVersionKind, namespaced bool) (kindInfo, bool) {
	if info, ok := r.kinds[gvk]; ok {
		return info, true
	}
	if r.builtin[gvk.GroupKind()] {
		namespaced = !clusterScoped[gvk.GroupKind()]
	}
	return kindInfo{resource: gvk.GroupVersion().WithResource(pluralize(gvk.Kind)), namespaced: namespaced}, false
}

// unserved says whether the kind is built-in but not served at its version
// (a removed or disabled version: batch/v1beta1 CronJob): the API server
// has no handler for a request of it.
func (r *kindRegistry) unserved(gvk schema.GroupVersionKind) bool {
	_, served := r.kinds[gvk]
	return !served && r.builtin[gvk.GroupKind()]
}

// pluralize turns a kind into its resource name the way Kubernetes names
// resources (Endpoints is the one built-in exception to the rules).
func pluralize(kind string) string {
	r := strings.ToLower(kind)
	switch {
	case r == "endpoints":
		return r
	case strings.HasSuffix(r, "s"), strings.HasSuffix(r, "x"), strings.HasSuffix(r, "ch"), strings.HasSuffix(r, "sh"):
		return r + "es"
	case strings.HasSuffix(r, "y") && len(r) > 1 && !strings.ContainsRune("aeiou", rune(r[len(r)-2])):
		return r[:len(r)-1] + "ies"
	}
	return r + "s"
}
