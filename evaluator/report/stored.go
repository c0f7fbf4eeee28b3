// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package report

import (
	"bytes"
	"io"

	"sigs.k8s.io/yaml"
)

// writeStored writes every admitted resource as the API server would store
// it (defaulted and mutated; what the registry adds itself, such as uid and
// status, aside) as a multi-document YAML stream, in input order. Denied
// resources and those that could not be evaluated are left out: the exit
// status and the other formats tell about them.
func writeStored(w io.Writer, items []Item) error {
	var docs [][]byte
	for _, it := range items {
		if it.Err != nil || !it.Decision.Allowed || it.Decision.Object == nil {
			continue
		}
		obj := it.Decision.Object.DeepCopy()
		delete(obj.Object, "status")
		if meta, ok := obj.Object["metadata"].(map[string]any); ok && meta["creationTimestamp"] == nil {
			delete(meta, "creationTimestamp")
		}
		data, err := yaml.Marshal(obj.Object)
		if err != nil {
			return err
		}
		docs = append(docs, data)
	}
	_, err := w.Write(bytes.Join(docs, []byte("---\n")))
	return err
}
