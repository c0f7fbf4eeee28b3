// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"bufio"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ReportsDir is the optional component of a tree for `vapgen audit
// --write-reports`: the wgpolicyk8s.io/v1alpha2 PolicyReport and
// ClusterPolicyReport CRDs, the read-only RBAC of the CronJob that runs it
// and, in cronjob/, an example CronJob. The tree's own kustomization.yaml
// does not list it: it is applied on its own (kubectl apply -k
// manifests/reports/) or added to a kustomization as a resource.
const ReportsDir = "reports"

//go:embed reports
var reportSources embed.FS

// Reports renders the files of ReportsDir: each source file of
// generator/output/reports/ with its leading comment, its documents written
// like every generated file (EncodeYAML), and the ClusterPolicyReport CRD
// derived from the PolicyReport one, so that both have the same schema.
func Reports() ([]File, error) {
	var files []File
	err := fs.WalkDir(reportSources, ReportsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := reportSources.ReadFile(p)
		if err != nil {
			return err
		}
		content, err := renderSource(data, nil)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		files = append(files, File{Path: p, Content: content})
		if path.Base(p) == "policyreports.yaml" {
			cluster, err := renderSource(data, clusterScoped)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			files = append(files, File{Path: path.Join(path.Dir(p), "clusterpolicyreports.yaml"), Content: cluster})
		}
		return nil
	})
	return files, err
}

// renderSource re-encodes the documents of a source file after its leading
// comment lines, changing each with edit when it is set.
func renderSource(data []byte, edit func(map[string]any) error) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(Header)
	comment := leadingComment(data, edit != nil)
	buf.WriteString(comment)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for i := 0; ; i++ {
		var doc map[string]any
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if edit != nil {
			if err := edit(doc); err != nil {
				return nil, err
			}
		}
		out, err := EncodeYAML(doc)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(out)
	}
	return buf.Bytes(), nil
}

// leadingComment returns the comment lines that start a file; derived
// files get a line saying where they come from instead.
func leadingComment(data []byte, derived bool) string {
	if derived {
		return "# The ClusterPolicyReport CRD: the schema of policyreports.yaml, for cluster-scoped objects.\n"
	}
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() && strings.HasPrefix(sc.Text(), "#") {
		b.WriteString(sc.Text() + "\n")
	}
	return b.String()
}

// clusterScoped turns the PolicyReport CRD into the ClusterPolicyReport one.
func clusterScoped(crd map[string]any) error {
	meta, _ := crd["metadata"].(map[string]any)
	spec, _ := crd["spec"].(map[string]any)
	names, _ := spec["names"].(map[string]any)
	versions, _ := spec["versions"].([]any)
	if meta == nil || names == nil || len(versions) != 1 {
		return errors.New("not the PolicyReport CustomResourceDefinition")
	}
	meta["name"] = "clusterpolicyreports.wgpolicyk8s.io"
	names["kind"], names["listKind"] = "ClusterPolicyReport", "ClusterPolicyReportList"
	names["plural"], names["singular"] = "clusterpolicyreports", "clusterpolicyreport"
	names["shortNames"] = []any{"cpolr"}
	spec["scope"] = "Cluster"
	version, _ := versions[0].(map[string]any)
	schema, _ := version["schema"].(map[string]any)
	props, _ := schema["openAPIV3Schema"].(map[string]any)
	if props == nil {
		return errors.New("the PolicyReport CustomResourceDefinition has no schema")
	}
	props["description"] = "ClusterPolicyReport holds the results of policies for cluster-scoped objects."
	return nil
}
