// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package proof holds offline tests that the generated objects do what the
// README claims: the policies and bindings that vapgen generates from the
// shipped policies/ and overlays/ (with the repository's vapgen.yaml) are run
// through the API server's own admission code (package evaluator), type
// checker and CEL cost accounting, one claim per file.
package proof
