package suites

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	sigsyaml "sigs.k8s.io/yaml"
)

// RejectedMarker starts a comment line of a testdata pod that the API
// server's own validation rejects before admission (the same marker as
// internal/psstest.RejectedMarker, which the policies' tests enforce). Such
// pods cannot show a policy's verdict on a real API server and are left out.
const RejectedMarker = "# Rejected by API validation before admission:"

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

// readFixtures reads the *.yaml files of dir, sorted by name. Files marked
// with RejectedMarker are returned in skipped, by rel path.
func readFixtures(policyDir, kind string) (pods []*fixture, skipped []string, err error) {
	files, err := filepath.Glob(filepath.Join(policyDir, "testdata", kind, "*.yaml"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	var errs []error
	for _, file := range files {
		rel := "testdata/" + kind + "/" + filepath.Base(file)
		data, err := os.ReadFile(file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if markedRejected(data) {
			skipped = append(skipped, rel)
			continue
		}
		f, err := parseFixture(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		f.rel = rel
		pods = append(pods, f)
	}
	return pods, skipped, errors.Join(errs...)
}

func markedRejected(data []byte) bool {
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), RejectedMarker) {
			return true
		}
	}
	return false
}

// parseFixture reads one v1 Pod, strictly: a misspelled field is an error,
// so that a fixture cannot pass for the wrong reason.
func parseFixture(data []byte) (*fixture, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(doc.Content) > 0 {
			docs = append(docs, doc.Content[0])
		}
	}
	if len(docs) != 1 || docs[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("want exactly one Pod, found %d documents", len(docs))
	}
	pod := &corev1.Pod{}
	if err := sigsyaml.UnmarshalStrict(data, pod); err != nil {
		return nil, err
	}
	switch {
	case pod.APIVersion != "v1" || pod.Kind != "Pod":
		return nil, fmt.Errorf("want a v1 Pod, got %s %s", pod.APIVersion, pod.Kind)
	case pod.Name == "":
		return nil, errors.New("the pod has no metadata.name")
	case pod.Namespace != "":
		return nil, errors.New("the pod sets metadata.namespace; the suites choose the namespace")
	}
	n := docs[0]
	stripComments(n)
	if s := expressionLike(n); s != "" {
		return nil, fmt.Errorf("%q would be evaluated by Chainsaw as an expression", s)
	}
	return &fixture{comment: firstComment(data), name: pod.Name, node: n}, nil
}

func firstComment(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") && !strings.HasPrefix(line, RejectedMarker) {
			return strings.TrimSpace(strings.TrimPrefix(line, "#"))
		}
	}
	return ""
}

func stripComments(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		stripComments(c)
	}
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
