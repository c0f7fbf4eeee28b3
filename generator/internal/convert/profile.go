// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"fmt"
	"path"
	"strings"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

const (
	// categoryAnnotation is where Kyverno's policy library records the
	// Pod Security Standards profile, e.g. "Pod Security Standards (Baseline)".
	categoryAnnotation = "policies.kyverno.io/category"
)

// profileOf finds a policy's profile: from the Kyverno category annotation,
// else the nearest folder named after a profile, else our own annotation, else
// the configured default.
func profileOf(doc *yamldoc.Document, annotations map[string]string, fallback model.Profile) (model.Profile, error) {
	if cat, ok := annotations[categoryAnnotation]; ok {
		lower := strings.ToLower(cat)
		hasBaseline, hasRestricted := strings.Contains(lower, "baseline"), strings.Contains(lower, "restricted")
		switch {
		case hasBaseline && hasRestricted:
			return "", fmt.Errorf("annotation %s %q names both baseline and restricted", categoryAnnotation, cat)
		case hasBaseline:
			return model.Baseline, nil
		case hasRestricted:
			return model.Restricted, nil
		}
	}
	for dir := path.Dir(doc.File.Source); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if p, ok := model.ParseProfile(path.Base(dir)); ok {
			return p, nil
		}
	}
	if v, ok := annotations[model.ProfileAnnotation]; ok {
		p, ok := model.ParseProfile(v)
		if !ok {
			return "", fmt.Errorf("annotation %s %q is not baseline or restricted", model.ProfileAnnotation, v)
		}
		return p, nil
	}
	if fallback != "" {
		return fallback, nil
	}
	return "", fmt.Errorf("no profile: set annotation %s (containing Baseline or Restricted) or %s, put the file under a folder named baseline or restricted, or set defaultPolicyProfile in the config", categoryAnnotation, model.ProfileAnnotation)
}
