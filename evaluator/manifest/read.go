// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package manifest reads Kubernetes manifests (YAML or JSON, many documents
// per file, Lists expanded) from files, directories and standard input, and
// pairs the objects with the namespace they would be created in. Every
// object remembers its file, line and column for error messages.
package manifest

import (
	"io"
	"os"

	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Stdin is the path that Read takes as standard input.
const Stdin = yamldoc.Stdin

// files are the files read under a directory: YAML and JSON, but not
// kustomize's own files nor hidden directories.
var files = yamldoc.Walk{
	Extensions: []string{".yaml", ".yml", ".json"},
	SkipHidden: true,
	SkipFiles:  map[string]bool{"kustomization.yaml": true, "kustomization.yml": true},
}

// deployed are the files of a directory that kubectl apply -k would apply:
// the same, except in folders with their own kustomization that the
// kustomization of their parent folder does not list.
var deployed = func() yamldoc.Walk {
	w := files
	w.SkipDir = unlistedKustomization
	return w
}()

// Read parses every manifest in the given files and directories ("-" reads
// standard input). Directories are walked recursively in lexical order. All
// errors are returned, joined; the documents that could be read are
// returned with them.
func Read(paths ...string) ([]Document, error) {
	return ReadFrom(os.Stdin, paths...)
}

// ReadFrom is Read with "-" reading stdin.
func ReadFrom(stdin io.Reader, paths ...string) ([]Document, error) {
	docs, problems := files.Load(stdin, paths...)
	return documents(docs, problems)
}

// ReadDeployed is Read, except that below a directory with a
// kustomization.yaml, a folder with its own kustomization.yaml that its
// parent's kustomization does not list (in resources or components) is not
// read: kustomize would not render it either. So the optional components of
// a generated tree (manifests/reports/) are left out of manifests/. Paths
// given are always read.
func ReadDeployed(paths ...string) ([]Document, error) {
	docs, problems := deployed.Load(os.Stdin, paths...)
	return documents(docs, problems)
}
