// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package podfiles reads example pods: the testdata/good and testdata/bad
// pods of the shipped policies, and Pod Security Admission's own fixtures.
// Each file holds one v1 Pod, read strictly (a misspelled field is an error
// at its file:line:col, so that a fixture cannot pass for the wrong reason).
// The policies' proofs and `vapgen suites` read them the same way.
package podfiles

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"

	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// RejectedMarker starts the comment line of an example pod that the API
// server's own validation rejects before admission: no real API server can
// show a policy's verdict on it (it is kept for PSA fidelity), so end-to-end
// suites leave it out.
const RejectedMarker = "# Rejected by API validation before admission:"

// File is one example pod.
type File struct {
	Path string
	Pod  *corev1.Pod
	// Node is the pod as written, without comments.
	Node *yaml.Node
	// Comment is the file's first comment line (without "# "), besides the
	// RejectedMarker one.
	Comment string
	// Rejected is set when a comment line starts with RejectedMarker.
	Rejected bool
}

// Read reads one example pod.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	docs, problems := yamldoc.Parse(filepath.ToSlash(path), data)
	if len(problems) > 0 {
		return nil, problems
	}
	if len(docs) != 1 {
		return nil, fmt.Errorf("%s: want exactly one Pod, found %d documents", path, len(docs))
	}
	doc := docs[0]
	pod := &corev1.Pod{}
	if errs := doc.Decode(pod); len(errs) > 0 {
		return nil, doc.Diagnostics(diag.Error, "", errs)
	}
	if pod.APIVersion != "v1" || pod.Kind != "Pod" {
		return nil, fmt.Errorf("%s: want a v1 Pod, got %s %s", path, pod.APIVersion, pod.Kind)
	}
	f := &File{Path: path, Pod: pod, Node: doc.Root}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, RejectedMarker):
			f.Rejected = true
		case strings.HasPrefix(line, "#") && f.Comment == "":
			f.Comment = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		}
	}
	stripComments(f.Node)
	return f, nil
}

// ReadDir reads every *.yaml file of a directory, sorted by name; all
// errors are returned, joined.
func ReadDir(dir string) ([]*File, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*File
	var errs []error
	for _, path := range files {
		f, err := Read(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, f)
	}
	return out, errors.Join(errs...)
}

func stripComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		stripComments(c)
	}
}
