package generator

import (
	"fmt"
	"path"
	"strings"

	"github.com/vapgen/vapgen/generator/document"
)

const (
	// categoryAnnotation is where Kyverno's policy library records the
	// Pod Security Standards profile, e.g. "Pod Security Standards (Baseline)".
	categoryAnnotation = "policies.kyverno.io/category"
	// ProfileAnnotation names the profile of a policy explicitly.
	ProfileAnnotation = "vapgen.io/profile"
)

// profileOf finds a policy's profile: from the Kyverno category annotation,
// else the nearest folder named after a profile, else our own annotation, else
// the configured default.
func profileOf(doc *document.Document, annotations map[string]string, fallback Profile) (Profile, error) {
	if cat, ok := annotations[categoryAnnotation]; ok {
		lower := strings.ToLower(cat)
		hasBaseline, hasRestricted := strings.Contains(lower, "baseline"), strings.Contains(lower, "restricted")
		switch {
		case hasBaseline && hasRestricted:
			return "", fmt.Errorf("annotation %s %q names both baseline and restricted", categoryAnnotation, cat)
		case hasBaseline:
			return Baseline, nil
		case hasRestricted:
			return Restricted, nil
		}
	}
	for dir := path.Dir(doc.File); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if p, ok := ParseProfile(path.Base(dir)); ok {
			return p, nil
		}
	}
	if v, ok := annotations[ProfileAnnotation]; ok {
		p, ok := ParseProfile(v)
		if !ok {
			return "", fmt.Errorf("annotation %s %q is not baseline or restricted", ProfileAnnotation, v)
		}
		return p, nil
	}
	if fallback != "" {
		return fallback, nil
	}
	return "", fmt.Errorf("no profile: set annotation %s (containing Baseline or Restricted) or %s, put the file under a folder named baseline or restricted, or set defaultPolicyProfile in the config", categoryAnnotation, ProfileAnnotation)
}
