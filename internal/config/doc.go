// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package config reads vapgen.yaml, the file that holds the settings of
// `vapgen generate` so that a repository can keep them next to its policies.
package config
