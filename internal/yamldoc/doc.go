// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package yamldoc reads YAML files into documents that remember where every
// value came from, so that every problem anywhere in vapgen is reported at
// file:line:col with the source line and a caret: policies, overlays, the
// config file and the manifests `vapgen check` reads.
//
//   - Parse splits a stream at "---" lines as kubectl does and parses each
//     document with go.yaml.in/yaml/v3, keeping every node's position. Invalid
//     YAML is an error at the exact line and column of the problem (located
//     with github.com/goccy/go-yaml, whose parser reports it; yaml.v3 reports
//     the line of the enclosing construct, often one too early).
//   - Load reads files, directories (recursively, in lexical order) and
//     standard input.
//   - Decode decodes a document (or a node of it) into a Go type strictly:
//     every unknown field, wrong type and invalid value is a field.Error whose
//     Field is the path k8s.io/apimachinery/pkg/util/validation/field renders,
//     and Document.Locate turns such a path into a position. Scalars are read
//     for the type they go into, as sigs.k8s.io/yaml does for kubectl: a string
//     field takes `off` or `1.30` as written.
//   - JSON converts a document as kubectl does (sigs.k8s.io/yaml, YAML 1.1
//     scalars), for objects decoded without a Go type.
package yamldoc
