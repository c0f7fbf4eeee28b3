// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"

	"k8s.io/apimachinery/pkg/runtime"
)

// changedFields lists the paths of the leaves that differ between two
// versions of an object: set, changed or removed. List items that have a
// name are matched by it (spec.containers[name=app]), others by index.
func changedFields(before, after runtime.Object) ([]string, error) {
	b, err := contentOf(before)
	if err != nil {
		return nil, err
	}
	a, err := contentOf(after)
	if err != nil {
		return nil, err
	}
	var out []string
	diffValues("", b, a, &out)
	sort.Strings(out)
	return out, nil
}

func contentOf(obj runtime.Object) (map[string]any, error) {
	if obj == nil {
		return nil, nil
	}
	return runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
}

func diffValues(path string, b, a any, out *[]string) {
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			diffMaps(path, bv, av, out)
			return
		}
	case []any:
		if bv, ok := b.([]any); ok {
			diffLists(path, bv, av, out)
			return
		}
	}
	if !reflect.DeepEqual(b, a) {
		*out = append(*out, path)
	}
}

func diffMaps(path string, b, a map[string]any, out *[]string) {
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	for k := range keys {
		p := k
		if path != "" {
			p = path + "." + k
		}
		diffValues(p, b[k], a[k], out)
	}
}

func diffLists(path string, b, a []any, out *[]string) {
	if named(b) && named(a) {
		byName := map[string]any{}
		for _, item := range b {
			byName[item.(map[string]any)["name"].(string)] = item
		}
		seen := map[string]bool{}
		for _, item := range a {
			name := item.(map[string]any)["name"].(string)
			seen[name] = true
			diffValues(fmt.Sprintf("%s[name=%s]", path, name), byName[name], item, out)
		}
		for name := range byName {
			if !seen[name] {
				*out = append(*out, fmt.Sprintf("%s[name=%s]", path, name))
			}
		}
		return
	}
	if len(a) != len(b) {
		*out = append(*out, path)
		return
	}
	for i := range a {
		diffValues(path+"["+strconv.Itoa(i)+"]", b[i], a[i], out)
	}
}

// named reports whether every item of a list is an object with a string
// name, unique in the list.
func named(l []any) bool {
	seen := map[string]bool{}
	for _, item := range l {
		m, ok := item.(map[string]any)
		if !ok {
			return false
		}
		name, ok := m["name"].(string)
		if !ok || seen[name] {
			return false
		}
		seen[name] = true
	}
	return true
}
