// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package manifest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadInput feeds arbitrary bytes to what vapgen check reads its input
// with (standard input, "-"), then pairs the objects with namespaces. It may
// report problems but must never panic; every problem and every object is
// placed at a line of the input.
func FuzzReadInput(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("../../internal/app/testdata/gitops/*/*.yaml")
	for _, s := range append(seeds, more...) {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		docs, err := ReadFrom(bytes.NewReader(data), "-")
		if err != nil {
			_ = err.Error()
		}
		for _, d := range docs {
			if d.Source.Line < 1 || d.Source.Line > lines {
				t.Errorf("object at line %d of a %d-line input", d.Source.Line, lines)
			}
			if d.Object.GetKind() == "" || d.Object.GetAPIVersion() == "" {
				t.Errorf("object at %s without apiVersion or kind was read", d.Source)
			}
		}
		resources, err := Resources(docs, "")
		if err != nil {
			if resources != nil {
				t.Errorf("Resources failed (%v) and returned %d resources", err, len(resources))
			}
			return
		}
		for _, r := range resources {
			if r.Namespace == nil {
				t.Errorf("resource at %s without a namespace", r.Source)
			}
		}
	})
}
