// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kinds

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// FromDiscovery reads the kinds a kube-apiserver serves from its discovery
// documents, as k8s.io/kubernetes commits them under api/discovery (one
// APIResourceList per group version, and the APIGroupList apis.json that
// names each group's preferred version). Kinds come grouped: the core group
// first, then the groups in the order apis.json lists them; in each group the
// preferred version first.
func FromDiscovery(dir string) ([]Info, error) {
	var groups metav1.APIGroupList
	if err := readJSON(filepath.Join(dir, "apis.json"), &groups); err != nil {
		return nil, err
	}
	versions := [][]string{{"v1"}}
	lists := []string{"api__v1.json"}
	for _, g := range groups.Groups {
		vs := []string{g.PreferredVersion.Version}
		for _, v := range g.Versions {
			if v.Version != g.PreferredVersion.Version {
				vs = append(vs, v.Version)
			}
		}
		versions = append(versions, vs)
		for _, v := range vs {
			lists = append(lists, "apis__"+g.Name+"__"+v+".json")
		}
	}
	var out []Info
	for _, file := range lists {
		var list metav1.APIResourceList
		if err := readJSON(filepath.Join(dir, file), &list); err != nil {
			return nil, err
		}
		gv, err := schema.ParseGroupVersion(list.GroupVersion)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		out = append(out, infosOf(gv, list.APIResources, isPreferred(gv, groups))...)
	}
	return out, nil
}

func isPreferred(gv schema.GroupVersion, groups metav1.APIGroupList) bool {
	if gv.Group == "" {
		return true
	}
	for _, g := range groups.Groups {
		if g.Name == gv.Group {
			return g.PreferredVersion.Version == gv.Version
		}
	}
	return false
}

// infosOf are the kinds of one group version: its resources, each with the
// subresources listed as `resource/subresource`.
func infosOf(gv schema.GroupVersion, resources []metav1.APIResource, preferred bool) []Info {
	subresources := map[string][]string{}
	var out []Info
	for _, r := range resources {
		if base, sub, ok := strings.Cut(r.Name, "/"); ok {
			subresources[base] = append(subresources[base], sub)
			continue
		}
		out = append(out, Info{GVK: gv.WithKind(r.Kind), Resource: r.Name, Namespaced: r.Namespaced, Preferred: preferred})
	}
	for i := range out {
		subs := subresources[out[i].Resource]
		sort.Strings(subs)
		out[i].Subresources = subs
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].GVK.Kind < out[j].GVK.Kind })
	return out
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
