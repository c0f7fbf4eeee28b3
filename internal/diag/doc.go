// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package diag holds the problems vapgen reports about its input: errors and
// warnings that point at a file, line and column, name the policy and rule they
// belong to, and show the offending source line with a caret under the spot.
package diag
