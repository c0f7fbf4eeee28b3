// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	"fmt"
	"strconv"
	"strings"
)

// The Pod Security Standards versions the shipped policies implement, as
// Pod Security Admission does at each: minor versions of 1.x.
const (
	OldestPSS uint = 30
	NewestPSS uint = 37
)

// LatestPSS is the version label value (and config value) that means the
// newest version, as in PSA's `enforce-version: latest`.
const LatestPSS = "latest"

// Annotations of a source policy that say how its rules depend on the Pod
// Security Standards version.
const (
	// PSSSinceAnnotation is the first version at which the control exists
	// (v1.N); before it, namespaces pinned to an older version are not
	// judged by it.
	PSSSinceAnnotation = "vapgen.io/pss-since"
	// PSSChangesAnnotation lists the versions (v1.N, comma-separated) at
	// which the rule's behaviour changes. Its CEL reads the version from a
	// variable named PSSVariable, which the generator sets to each
	// version's minor number.
	PSSChangesAnnotation = "vapgen.io/pss-changes"
	// PSSVersionsAnnotation says, on a generated policy, which versions it
	// implements (v1.30-v1.31).
	PSSVersionsAnnotation = "vapgen.io/pss-versions"
	// PSSVersionLabelAnnotation names, on a generated policy, the namespace
	// label it reads the version from.
	PSSVersionLabelAnnotation = "vapgen.io/pss-version-label"
	// PSSVariable is the CEL variable holding the version's minor number.
	PSSVariable = "pssVersion"
)

// PSSRange is a range of versions: minor
// versions From to To of 1.x, inclusive.
type PSSRange struct {
	From, To uint
}

// String is the range as annotations show it: v1.30-v1.31, or v1.37.
func (r PSSRange) String() string {
	if r.From == r.To {
		return PSSLabel(r.From)
	}
	return PSSLabel(r.From) + "-" + PSSLabel(r.To)
}

// PSSLabel is the label value of a minor version: v1.30.
func PSSLabel(minor uint) string { return fmt.Sprintf("v1.%d", minor) }

// ParsePSSVersion reads "latest" or "v1.N" within the supported versions
// and returns the minor version.
func ParsePSSVersion(s string) (uint, error) {
	if s == LatestPSS {
		return NewestPSS, nil
	}
	n, ok := strings.CutPrefix(s, "v1.")
	m, err := strconv.ParseUint(n, 10, 32)
	if !ok || err != nil || n != strconv.FormatUint(m, 10) {
		return 0, fmt.Errorf("want %s or a version v1.N, got %q", LatestPSS, s)
	}
	if uint(m) < OldestPSS || uint(m) > NewestPSS {
		return 0, fmt.Errorf("Pod Security Standards %s are not implemented (want %s to %s)", s, PSSLabel(OldestPSS), PSSLabel(NewestPSS))
	}
	return uint(m), nil
}

// PSSLabelValues are every value of a version label: latest and v1.N of
// the supported versions.
func PSSLabelValues() []string {
	out := []string{LatestPSS}
	for m := OldestPSS; m <= NewestPSS; m++ {
		out = append(out, PSSLabel(m))
	}
	return out
}
