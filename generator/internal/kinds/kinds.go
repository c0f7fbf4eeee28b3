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
	// Preferred is set on the group's preferred version, which a selector
	// naming no version resolves to.
	Preferred bool
}

//go:generate sh -c "go run ./gen $(go list -m -f '{{.Dir}}' k8s.io/kubernetes)/api/discovery zz_generated.kinds.go"

func kind(group, version, kind, resource string, namespaced, preferred bool, subresources ...string) Info {
	return Info{GVK: schema.GroupVersionKind{Group: group, Version: version, Kind: kind}, Resource: resource, Namespaced: namespaced, Subresources: subresources, Preferred: preferred}
}

// Resolved is a kind selector of a policy resolved against the known kinds.
type Resolved struct {
	Info
	Subresource string
	// Wildcard is set for `*` (every kind) and `*/subresource` (that
	// subresource of every kind), which resource rules say with `*`.
	Wildcard bool
}

// ResourcePath is the resource as a rule names it: `pods` or `pods/ephemeralcontainers`.
func (k Resolved) ResourcePath() string {
	if k.Subresource == "" {
		return k.Resource
	}
	return k.Resource + "/" + k.Subresource
}

// Table is the kinds policies may name: the built-in ones and those that
// CustomResourceDefinitions define. A nil table holds the built-in kinds.
type Table struct {
	crds []Info
}

// all lists the built-in kinds, then the custom ones.
func (t *Table) all() []Info {
	if t == nil || len(t.crds) == 0 {
		return builtinKinds
	}
	return append(slices.Clip(builtinKinds), t.crds...)
}

// Resolve resolves a selector against the built-in kinds only.
func Resolve(selector string) (Resolved, error) { return (*Table)(nil).Resolve(selector) }

// Of finds a built-in kind by its resource.
func Of(group, version, resource string) (Info, bool) {
	return (*Table)(nil).Of(group, version, resource)
}

// Resolve resolves a Kyverno kind selector: `Kind`, `Version/Kind`,
// `Group/Version/Kind`, each optionally followed by `/subresource`, or the
// wildcards `*`, `*/subresource` and `*/*`.
func (t *Table) Resolve(selector string) (Resolved, error) {
	if base, sub, _ := strings.Cut(selector, "/"); base == "*" && !strings.Contains(sub, "/") && (sub == "" || sub == "*" || !strings.Contains(sub, "*")) {
		return Resolved{Info: Info{GVK: schema.GroupVersionKind{Group: "*", Version: "*", Kind: "*"}, Resource: "*"}, Subresource: sub, Wildcard: true}, nil
	}
	if group, rest, ok := strings.Cut(selector, "/*/"); ok && !strings.Contains(group, "*") && !strings.Contains(rest, "*") {
		return t.everyVersion(selector, group, rest)
	}
	if strings.Contains(selector, "*") {
		return Resolved{}, report.Unsupported("kind %q uses a wildcard a ValidatingAdmissionPolicy has no equivalent of (only *, */subresource, */* and group/*/Kind); name the kinds", selector)
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
	for _, k := range t.all() {
		if k.GVK.Kind != name || (kindAt == 2 && k.GVK.Group != group) || (kindAt >= 1 && k.GVK.Version != version) || (kindAt == 0 && !k.Preferred) {
			continue
		}
		if subresource != "" && !slices.Contains(k.Subresources, subresource) {
			return Resolved{}, fmt.Errorf("kind %q: %s has no subresource %q", selector, name, subresource)
		}
		return Resolved{Info: k, Subresource: subresource}, nil
	}
	return Resolved{}, report.Unsupported("unknown kind %q: the kube-apiserver does not serve it and no CustomResourceDefinition given with --crds defines it", selector)
}

// everyVersion resolves `group/*/Kind[/subresource]`: the kind at every
// version of the group, which a resource rule says with apiVersions `*`.
func (t *Table) everyVersion(selector, group, rest string) (Resolved, error) {
	name, subresource, _ := strings.Cut(rest, "/")
	for _, k := range t.all() {
		if k.GVK.Group != group || k.GVK.Kind != name || !k.Preferred {
			continue
		}
		if subresource != "" && !slices.Contains(k.Subresources, subresource) {
			return Resolved{}, fmt.Errorf("kind %q: %s has no subresource %q", selector, name, subresource)
		}
		k.GVK.Version = "*"
		return Resolved{Info: k, Subresource: subresource}, nil
	}
	return Resolved{}, report.Unsupported("unknown kind %q: the kube-apiserver serves no version of it and no CustomResourceDefinition given with --crds defines it", selector)
}

// Of finds the kind served at a group, version and resource.
func (t *Table) Of(group, version, resource string) (Info, bool) {
	for _, k := range t.all() {
		if k.GVK.Group == group && k.GVK.Version == version && k.Resource == resource {
			return k, true
		}
	}
	return Info{}, false
}

// ServedVersions are the versions at which the table serves a group's
// resource, in the table's order.
func (t *Table) ServedVersions(group, resource string) []string {
	var out []string
	for _, k := range t.all() {
		if k.GVK.Group == group && k.Resource == resource {
			out = append(out, k.GVK.Version)
		}
	}
	return out
}

// CutSubresource splits `pods/ephemeralcontainers` at the slash.
func CutSubresource(resource string) (base, sub string, found bool) {
	return strings.Cut(resource, "/")
}
