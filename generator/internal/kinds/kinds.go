// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package kinds resolves the kinds a policy names to the resources the API
// server serves them at, offline: a kind that is not known is an error, not a
// guess at its resource.
package kinds

import (
	"fmt"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/generator/internal/report"
)

// Info is what a resource rule needs to know about a kind.
type Info struct {
	GVK          schema.GroupVersionKind
	Resource     string
	Namespaced   bool
	Subresources []string
}

func kind(group, version, kind, resource string, namespaced bool, subresources ...string) Info {
	return Info{GVK: schema.GroupVersionKind{Group: group, Version: version, Kind: kind}, Resource: resource, Namespaced: namespaced, Subresources: subresources}
}

// builtinKinds are the kinds a policy may name. Policies are resolved offline,
// so a kind that is not here is an error rather than a guess at its resource.
var builtinKinds = []Info{
	kind("", "v1", "ConfigMap", "configmaps", true),
	kind("", "v1", "Endpoints", "endpoints", true),
	kind("", "v1", "LimitRange", "limitranges", true),
	kind("", "v1", "Namespace", "namespaces", false, "status", "finalize"),
	kind("", "v1", "Node", "nodes", false, "status", "proxy"),
	kind("", "v1", "PersistentVolume", "persistentvolumes", false, "status"),
	kind("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, "status"),
	kind("", "v1", "Pod", "pods", true, "attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "resize", "status"),
	kind("", "v1", "PodTemplate", "podtemplates", true),
	kind("", "v1", "ReplicationController", "replicationcontrollers", true, "scale", "status"),
	kind("", "v1", "ResourceQuota", "resourcequotas", true, "status"),
	kind("", "v1", "Secret", "secrets", true),
	kind("", "v1", "Service", "services", true, "proxy", "status"),
	kind("", "v1", "ServiceAccount", "serviceaccounts", true, "token"),
	kind("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
	kind("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false, "status"),
	kind("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false),
	kind("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false),
	kind("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, "status"),
	kind("apps", "v1", "ControllerRevision", "controllerrevisions", true),
	kind("apps", "v1", "DaemonSet", "daemonsets", true, "status"),
	kind("apps", "v1", "Deployment", "deployments", true, "scale", "status"),
	kind("apps", "v1", "ReplicaSet", "replicasets", true, "scale", "status"),
	kind("apps", "v1", "StatefulSet", "statefulsets", true, "scale", "status"),
	kind("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, "status"),
	kind("batch", "v1", "CronJob", "cronjobs", true, "status"),
	kind("batch", "v1", "Job", "jobs", true, "status"),
	kind("coordination.k8s.io", "v1", "Lease", "leases", true),
	kind("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
	kind("networking.k8s.io", "v1", "Ingress", "ingresses", true, "status"),
	kind("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
	kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
	kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, "status"),
	kind("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
	kind("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
	kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
	kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
	kind("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false),
	kind("storage.k8s.io", "v1", "StorageClass", "storageclasses", false),
}

// Resolved is a kind selector of a policy resolved against the known kinds.
type Resolved struct {
	Info
	Subresource string
}

// ResourcePath is the resource as a rule names it: `pods` or `pods/ephemeralcontainers`.
func (k Resolved) ResourcePath() string {
	if k.Subresource == "" {
		return k.Resource
	}
	return k.Resource + "/" + k.Subresource
}

// Resolve resolves a Kyverno kind selector: `Kind`, `Version/Kind`,
// `Group/Version/Kind`, each optionally followed by `/subresource`.
func Resolve(selector string) (Resolved, error) {
	if strings.Contains(selector, "*") {
		return Resolved{}, report.Unsupported("kind %q uses a wildcard; name the kinds", selector)
	}
	parts := strings.Split(selector, "/")
	kindAt := -1
	for i, p := range parts {
		if p != "" && p[0] >= 'A' && p[0] <= 'Z' {
			kindAt = i
			break
		}
	}
	if kindAt < 0 || kindAt > 2 || len(parts)-kindAt > 2 {
		return Resolved{}, fmt.Errorf("kind %q is not of the form [group/][version/]Kind[/subresource]", selector)
	}
	var group, version, subresource string
	switch kindAt {
	case 1:
		version = parts[0]
	case 2:
		group, version = parts[0], parts[1]
	}
	if kindAt+1 < len(parts) {
		subresource = parts[kindAt+1]
	}
	name := parts[kindAt]
	for _, k := range builtinKinds {
		if k.GVK.Kind != name || (kindAt == 2 && k.GVK.Group != group) || (kindAt >= 1 && k.GVK.Version != version) {
			continue
		}
		if subresource != "" && !slices.Contains(k.Subresources, subresource) {
			return Resolved{}, fmt.Errorf("kind %q: %s has no subresource %q", selector, name, subresource)
		}
		return Resolved{Info: k, Subresource: subresource}, nil
	}
	return Resolved{}, fmt.Errorf("unknown kind %q: vapgen resolves kinds offline and knows %s", selector, knownKindNames())
}

func knownKindNames() string {
	names := make([]string, len(builtinKinds))
	for i, k := range builtinKinds {
		names[i] = k.GVK.Kind
	}
	return strings.Join(names, ", ")
}

// Of finds the kind served at a group, version and resource.
func Of(group, version, resource string) (Info, bool) {
	for _, k := range builtinKinds {
		if k.GVK.Group == group && k.GVK.Version == version && k.Resource == resource {
			return k, true
		}
	}
	return Info{}, false
}

// CutSubresource splits `pods/ephemeralcontainers` at the slash.
func CutSubresource(resource string) (base, sub string, found bool) {
	return strings.Cut(resource, "/")
}
