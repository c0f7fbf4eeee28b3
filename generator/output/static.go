// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"fmt"
	"path"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator"
)

// The static-manifests form, which kube-apiserver (1.37: feature
// ManifestBasedAdmissionControlConfig, beta and on by default) loads from
// files at startup and reloads when they change. Objects of that form exist
// only in the API server's memory: there is nothing to delete or change
// through the API.
const (
	// StaticSuffix must end the name of every object loaded from files (and
	// no object created through the API may have it).
	StaticSuffix = ".static.k8s.io"
	// StaticPoliciesDir holds the policies and bindings: the loader reads
	// the .yaml, .yml and .json files of one folder, not its subfolders.
	StaticPoliciesDir = "policies"
	// AdmissionConfigFile is the AdmissionConfiguration that points the
	// ValidatingAdmissionPolicy plugin at StaticPoliciesDir, for
	// --admission-control-config-file.
	AdmissionConfigFile = "admission-configuration.yaml"
	// DefaultAPIServerDir is where kube-apiserver reads the tree by default.
	DefaultAPIServerDir = "/etc/kubernetes/vapgen/static"
)

// StaticTree renders units in the static-manifests form:
//
//	admission-configuration.yaml  AdmissionConfiguration: staticManifestsDir <apiserverDir>/policies
//	policies/<name>.yaml          a unit's policies and bindings, named <name>.static.k8s.io
//
// apiserverDir is the absolute path at which kube-apiserver reads the tree.
// The report component is left out: it is made of API objects.
func StaticTree(units []*generator.Unit, apiserverDir string) ([]File, error) {
	if !path.IsAbs(apiserverDir) {
		return nil, fmt.Errorf("the directory kube-apiserver reads must be an absolute path, not %q", apiserverDir)
	}
	config, err := admissionConfig(path.Join(path.Clean(apiserverDir), AdmissionConfigFile), path.Join(path.Clean(apiserverDir), StaticPoliciesDir))
	if err != nil {
		return nil, err
	}
	files := []File{{Path: AdmissionConfigFile, Content: config}}
	for _, u := range units {
		content, err := unitYAML(Static(u))
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: path.Join(StaticPoliciesDir, u.Name+".yaml"), Content: content})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			return nil, fmt.Errorf("two units would be written to %s", files[i].Path)
		}
	}
	return files, nil
}

// Static returns a copy of u whose policies and bindings carry StaticSuffix,
// bindings referring to the renamed policies. Opt-out labels, messages and
// selectors keep the rule names: a namespace is judged the same in both forms.
func Static(u *generator.Unit) *generator.Unit {
	s := *u
	s.Policies = make([]*admissionregistrationv1.ValidatingAdmissionPolicy, len(u.Policies))
	for i, p := range u.Policies {
		p = p.DeepCopy()
		p.Name = staticName(p.Name)
		s.Policies[i] = p
	}
	s.Policy = s.Policies[0]
	s.Bindings = make([]*admissionregistrationv1.ValidatingAdmissionPolicyBinding, len(u.Bindings))
	for i, b := range u.Bindings {
		b = b.DeepCopy()
		b.Name = staticName(b.Name)
		b.Spec.PolicyName = staticName(b.Spec.PolicyName)
		s.Bindings[i] = b
	}
	return &s
}

func staticName(name string) string {
	if strings.HasSuffix(name, StaticSuffix) {
		return name
	}
	return name + StaticSuffix
}

// admissionConfig is the AdmissionConfiguration for a static tree read at
// file, whose policies are in dir.
func admissionConfig(file, dir string) ([]byte, error) {
	body, err := EncodeYAML(map[string]any{
		"apiVersion": "apiserver.config.k8s.io/v1",
		"kind":       "AdmissionConfiguration",
		"plugins": []any{map[string]any{
			"name": "ValidatingAdmissionPolicy",
			"configuration": map[string]any{
				"apiVersion":         "apiserver.config.k8s.io/v1",
				"kind":               "ValidatingAdmissionPolicyConfiguration",
				"staticManifestsDir": dir,
			},
		}},
	})
	if err != nil {
		return nil, err
	}
	head := Header +
		"# kube-apiserver --admission-control-config-file=" + file + "\n" +
		"# (an API server that has an admission configuration already: add this plugin entry to it)\n"
	return append([]byte(head), body...), nil
}
