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
	r.Annotations = sourceAnnotations(o, r.Profile, r.Annotations)
}

// sourceAnnotations adds to annotations (nil: a new map) those that say
// where a generated policy came from.
func sourceAnnotations(o model.Origin, profile model.Profile, annotations map[string]string) map[string]string {
	if annotations == nil {
		annotations = map[string]string{}
	}
	policyRef := o.PolicyKind + "/" + o.Policy
	if o.Namespace != "" {
		policyRef = o.PolicyKind + "/" + o.Namespace + "/" + o.Policy
	}
	annotations[model.SourceAnnotation] = o.Doc.File.Source
	annotations[model.PolicyAnnotation] = policyRef
	if o.Rule != "" {
		annotations[model.RuleAnnotation] = o.Rule
	}
	annotations[model.ProfileAnnotation] = string(profile)
	return annotations
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

// rejectMutationClashes reports and drops mutations whose name is another
// mutation's, a rule's (they would share an opt-out label) or a label
// vapgen reads itself.
func rejectMutationClashes(ms []*model.Mutation, rules []*model.Rule, diags *diag.List) []*model.Mutation {
	taken := map[string]string{}
	for _, r := range rules {
		taken[r.Name] = fmt.Sprintf("%s (%s at %s)", r.Origin.Subject(), r.Origin.PolicyKind, r.Origin.Doc.Locate(r.Origin.Path.String()))
	}
	for _, label := range model.ReservedLabels() {
		taken[label] = "a namespace label vapgen reads"
	}
	byName := map[string][]*model.Mutation{}
	for _, m := range ms {
		byName[m.Name] = append(byName[m.Name], m)
	}
	var keep []*model.Mutation
	for _, m := range ms {
		var others []string
		if t, ok := taken[m.Name]; ok {
			others = append(others, t)
		}
		for _, o := range byName[m.Name] {
			if o != m {
				others = append(others, fmt.Sprintf("%s (%s at %s)", o.Origin.Subject(), o.Origin.PolicyKind, o.Origin.Doc.Locate(o.Origin.Path.String())))
			}
		}
		if len(others) == 0 {
			keep = append(keep, m)
			continue
		}
		sort.Strings(others)
		o := m.Origin
		*diags = append(*diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path.String()), o.Subject(),
			fmt.Sprintf("generated name %q is also the name of %s, and names its opt-out label; rename a policy", m.Name, strings.Join(others, ", "))))
	}
	return keep
}
