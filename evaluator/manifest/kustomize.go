// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package manifest

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// kustomizationNames are the file names kustomize reads, in its order.
var kustomizationNames = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

// kustomization is the part of a kustomization file that names folders.
type kustomization struct {
	Resources  []string `json:"resources"`
	Components []string `json:"components"`
}

// readKustomization reads the kustomization file of dir; ok is false when
// there is none or it cannot be read.
func readKustomization(dir string) (k kustomization, ok bool) {
	for _, name := range kustomizationNames {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		if err := yaml.Unmarshal(data, &k); err != nil {
			return kustomization{}, false
		}
		return k, true
	}
	return kustomization{}, false
}

// unlistedKustomization reports whether dir has a kustomization file that
// the kustomization file of its parent does not list. When the parent has
// none, or either file cannot be read, the folder is read as any other.
func unlistedKustomization(dir string) bool {
	if _, ok := readKustomization(dir); !ok {
		return false
	}
	parent, ok := readKustomization(filepath.Dir(dir))
	if !ok {
		return false
	}
	name := filepath.Base(dir)
	for _, entry := range append(parent.Resources, parent.Components...) {
		first, _, _ := strings.Cut(path.Clean(strings.TrimPrefix(filepath.ToSlash(entry), "./")), "/")
		if first == name {
			return false
		}
	}
	return true
}
