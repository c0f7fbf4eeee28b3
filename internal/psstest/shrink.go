// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"encoding/json"
	"sort"

	corev1 "k8s.io/api/core/v1"
)

// Shrink returns a smaller pod for which keep still returns true: it drops
// map entries and list elements, one at a time, for as long as that keeps
// keep true. Fields that every pod needs (apiVersion, kind, metadata.name,
// the first container and container names) are kept. keep(pod) must be true.
func Shrink(pod *corev1.Pod, keep func(*corev1.Pod) bool) *corev1.Pod {
	cur := toMap(pod)
	for changed := true; changed; {
		changed = false
		for _, p := range paths(cur, nil) {
			if protected(p) {
				continue
			}
			next := deepCopy(cur)
			if !remove(next, p) {
				continue
			}
			cand, err := fromMap(next)
			if err != nil || len(cand.Spec.Containers) == 0 || !keep(cand) {
				continue
			}
			cur, changed = next, true
			break
		}
	}
	out, _ := fromMap(cur)
	return out
}

type path []any // string keys and int indexes

func protected(p path) bool {
	if len(p) == 1 {
		k := p[0].(string)
		return k == "apiVersion" || k == "kind" || k == "metadata" || k == "spec"
	}
	if len(p) == 2 && p[0] == "metadata" && p[1] == "name" {
		return true
	}
	if len(p) == 2 && p[0] == "spec" && p[1] == "containers" {
		return true
	}
	if len(p) == 4 && p[0] == "spec" && p[3] == "name" {
		return true // container and volume names
	}
	return false
}

// paths lists every map entry and list element, deepest first so that a
// successful removal is as small as possible and later ones can take whole
// subtrees.
func paths(v any, prefix path) []path {
	var out []path
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := append(append(path{}, prefix...), k)
			out = append(out, p)
			out = append(out, paths(t[k], p)...)
		}
	case []any:
		for i := range t {
			p := append(append(path{}, prefix...), i)
			out = append(out, p)
			out = append(out, paths(t[i], p)...)
		}
	}
	// Whole subtrees first: removing them shrinks fastest.
	return out
}

func remove(root map[string]any, p path) bool {
	var parent any = root
	for _, step := range p[:len(p)-1] {
		switch t := parent.(type) {
		case map[string]any:
			parent = t[step.(string)]
		case []any:
			parent = t[step.(int)]
		default:
			return false
		}
	}
	last := p[len(p)-1]
	switch t := parent.(type) {
	case map[string]any:
		k := last.(string)
		if _, ok := t[k]; !ok {
			return false
		}
		delete(t, k)
		return true
	case []any:
		i := last.(int)
		if i >= len(t) {
			return false
		}
		// Replace the list in its parent.
		return replaceList(root, p[:len(p)-1], append(append([]any{}, t[:i]...), t[i+1:]...))
	}
	return false
}

func replaceList(root map[string]any, p path, list []any) bool {
	var parent any = root
	for _, step := range p[:len(p)-1] {
		switch t := parent.(type) {
		case map[string]any:
			parent = t[step.(string)]
		case []any:
			parent = t[step.(int)]
		}
	}
	switch t := parent.(type) {
	case map[string]any:
		t[p[len(p)-1].(string)] = list
	case []any:
		t[p[len(p)-1].(int)] = list
	default:
		return false
	}
	return true
}

func toMap(pod *corev1.Pod) map[string]any {
	b, err := json.Marshal(pod)
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	delete(m, "status")
	if md, ok := m["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
	return m
}

func fromMap(m map[string]any) (*corev1.Pod, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	pod := &corev1.Pod{}
	return pod, json.Unmarshal(b, pod)
}

func deepCopy(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}
