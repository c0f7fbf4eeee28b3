// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package model holds the types the generator's stages hand each other: the
// options, the neutral Rule that a Kyverno rule becomes, the Policy objects a
// rule is judged by and the Output a layout binds. Every stage takes and
// returns these explicitly; nothing is carried in hidden fields.
package model
