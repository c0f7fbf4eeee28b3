// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"os"
	"path"
	"path/filepath"
	"strings"

	"k8s.io/kubernetes/pkg/admission/plugin/policy/manifest/loader"

	"github.com/vapgen/vapgen/generator/output"
)

// checkStatic loads the policies of a static-manifests tree with
// kube-apiserver's own loader (names, references, defaulting, create
// validation) before anything is written: a set it refuses would stop the
// API server at startup.
func checkStatic(files []output.File) error {
	dir, err := os.MkdirTemp("", "vapgen-static-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, f := range files {
		if path.Dir(f.Path) != output.StaticPoliciesDir {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, path.Base(f.Path)), f.Content, 0o644); err != nil {
			return err
		}
	}
	if _, err := loader.LoadValidatingManifestsFromDirectory(dir); err != nil {
		return invalidErrorf("kube-apiserver would refuse the static manifests: %s; nothing was written", strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), output.StaticPoliciesDir+"/"))
	}
	return nil
}
