// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package app is the vapgen command line: a thin layer of urfave/cli commands
// over the generator library. Run returns the process exit code.
package app
