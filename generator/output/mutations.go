// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"path"

	"k8s.io/apimachinery/pkg/runtime"

	"github.com/vapgen/vapgen/generator"
)

// mutationFiles renders the files of generator.MutateDir, one per
// MutatingAdmissionPolicy, and lists them in entries (the folder itself in
// the tree's kustomization only when the result says so).
func mutationFiles(r *generator.Result, entries map[string][]string) ([]File, error) {
	if len(r.Mutations) == 0 {
		return nil, nil
	}
	var files []File
	for _, m := range r.Mutations {
		body, err := mutationYAML(m)
		if err != nil {
			return nil, err
		}
		content := append([]byte(Header+"# Source: "+m.Policy.Annotations[generator.SourceAnnotation]+"\n"), body...)
		files = append(files, File{Path: path.Join(generator.MutateDir, m.Name+".yaml"), Content: content})
		entries[generator.MutateDir] = append(entries[generator.MutateDir], m.Name+".yaml")
	}
	if r.MutationsListed {
		entries["."] = append(entries["."], generator.MutateDir)
	}
	return files, nil
}

// mutationYAML renders a MutatingAdmissionPolicy and its binding.
func mutationYAML(m *generator.MutationUnit) ([]byte, error) {
	return documentsYAML(m.Name, []runtime.Object{m.Policy, m.Binding})
}
