// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/diag"
)

// name gives a rule its generated name and the annotations that say where
// it came from.
func (c *converter) name(r *model.Rule) {
	o := r.Origin
	full := naming.DNS1123(o.Policy)
	if o.Rule != "" {
		full = naming.Merge(full, naming.DNS1123(o.Rule))
	}
	r.Name = naming.Shorten(full, naming.MaxLength)
	for _, msg := range validation.IsDNS1123Subdomain(r.Name) {
		*c.diags = append(*c.diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path.String()), o.Subject(), fmt.Sprintf("generated name %q: %s", r.Name, msg)))
	}
	policyRef := o.PolicyKind + "/" + o.Policy
	if o.Namespace != "" {
		policyRef = o.PolicyKind + "/" + o.Namespace + "/" + o.Policy
	}
	if r.Annotations == nil {
		r.Annotations = map[string]string{}
	}
	r.Annotations[model.SourceAnnotation] = o.Doc.File.Source
	r.Annotations[model.PolicyAnnotation] = policyRef
	if o.Rule != "" {
		r.Annotations[model.RuleAnnotation] = o.Rule
	}
	r.Annotations[model.ProfileAnnotation] = string(r.Profile)
}

// RejectDuplicates reports rules that would get the same name, naming all
// of their sources, and drops them.
func RejectDuplicates(rules []*model.Rule, diags *diag.List) []*model.Rule {
	byName := map[string][]*model.Rule{}
	for _, r := range rules {
		byName[r.Name] = append(byName[r.Name], r)
	}
	var keep []*model.Rule
	for _, r := range rules {
		same := byName[r.Name]
		if len(same) == 1 {
			keep = append(keep, r)
			continue
		}
		var others []string
		for _, o := range same {
			if o != r {
				others = append(others, fmt.Sprintf("%s (%s at %s)", o.Origin.Subject(), o.Origin.PolicyKind, o.Origin.Doc.Locate(o.Origin.Path.String())))
			}
		}
		sort.Strings(others)
		o := r.Origin
		*diags = append(*diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path.String()), o.Subject(),
			fmt.Sprintf("generated name %q is also the name of %s; rename a policy or rule", r.Name, strings.Join(others, ", "))))
	}
	return keep
}
