// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package suites

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/internal/podfiles"
)

// fixture is one example pod.
type fixture struct {
	// rel is the file's path relative to the policy's folder, with slashes.
	rel string
	// comment is the first comment line of the file, without "# ".
	comment string
	name    string
	// node is the pod as written (a mapping), without comments.
	node *yaml.Node
}

// readFixtures reads the example pods of testdata/<kind> of a policy, sorted
// by name. Files marked with podfiles.RejectedMarker are returned in
// skipped, by rel path.
func readFixtures(policyDir, kind string) (pods []*fixture, skipped []string, err error) {
	files, err := podfiles.ReadDir(filepath.Join(policyDir, "testdata", kind))
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	for _, f := range files {
		rel := "testdata/" + kind + "/" + filepath.Base(f.Path)
		if f.Rejected {
			skipped = append(skipped, rel)
			continue
		}
		if err := suitable(f); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.Path, err))
			continue
		}
		pods = append(pods, &fixture{rel: rel, comment: f.Comment, name: f.Pod.Name, node: f.Node})
	}
	return pods, skipped, errors.Join(errs...)
}

// suitable checks that a pod can be created by a Chainsaw step as written.
func suitable(f *podfiles.File) error {
	switch {
	case f.Pod.Name == "":
		return errors.New("the pod has no metadata.name")
	case f.Pod.Namespace != "":
		return errors.New("the pod sets metadata.namespace; the suites choose the namespace")
	}
	if s := expressionLike(f.Node); s != "" {
		return fmt.Errorf("%q would be evaluated by Chainsaw as an expression", s)
	}
	return nil
}

// expressionLike returns a scalar that Chainsaw's templating would evaluate,
// one written as "(expression)".
func expressionLike(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.HasPrefix(n.Value, "(") && strings.HasSuffix(n.Value, ")") {
		return n.Value
	}
	for _, c := range n.Content {
		if s := expressionLike(c); s != "" {
			return s
		}
	}
	return ""
}

// toObject converts a YAML mapping to the object the API server receives.
func toObject(n *yaml.Node) (*unstructured.Unstructured, error) {
	data, err := yaml.Marshal(n)
	if err != nil {
		return nil, err
	}
	j, err := sigsyaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	obj, _, err := unstructured.UnstructuredJSONScheme.Decode(j, nil, nil)
	if err != nil {
		return nil, err
	}
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return nil, fmt.Errorf("decoded %T, want an object", obj)
	}
	return u, nil
}
