// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package versions is the generator's Pod Security Standards version stage.
// A rule whose policy declares how it depends on the version (annotations
// vapgen.io/pss-since and vapgen.io/pss-changes) becomes one copy per mode
// (enforce, warn, audit), as Pod Security Admission's enforce-version,
// warn-version and audit-version labels pin each mode on its own: the bind
// stage binds each copy by its mode's label only, and its pssVersion
// variable reads the mode's version label from namespaceObject (the default
// version when there is none; versionExpression). One
// policy thus judges every version, and a namespace costs the API server
// one binding per mode whatever its version. A rule that declares nothing
// is left as it is: it applies at every version.
package versions

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/diag"
)

// Split replaces every version-dependent rule by its copies for each mode;
// problems with the annotations go to diags.
func Split(rules []*model.Rule, opts *model.Options, diags *diag.List) []*model.Rule {
	var out []*model.Rule
	for _, r := range rules {
		since, declared, ok := sinceOf(r, diags)
		switch {
		case !ok:
		case !declared:
			out = append(out, r)
		default:
			out = append(out, modeCopies(r, since, opts)...)
		}
	}
	return out
}

// sinceOf reads a rule's annotations: the first version at which it
// applies, and whether it declares any.
func sinceOf(r *model.Rule, diags *diag.List) (since uint, declared, ok bool) {
	sinceValue, hasSince := r.Annotations[model.PSSSinceAnnotation]
	changes, hasChanges := r.Annotations[model.PSSChangesAnnotation]
	if !hasSince && !hasChanges {
		return 0, false, true
	}
	o := r.Origin
	p := report.New(o.Doc, o.Subject())
	defer p.Report(diags, false)
	at := func(key string) *field.Path { return field.NewPath("metadata", "annotations").Key(key) }
	since = model.OldestPSS
	if hasSince {
		m, err := model.ParsePSSVersion(sinceValue)
		if err != nil {
			p.Errorf(at(model.PSSSinceAnnotation), "%v", err)
			return 0, true, false
		}
		since = m
	}
	if hasChanges {
		for _, v := range strings.Split(changes, ",") {
			m, err := model.ParsePSSVersion(strings.TrimSpace(v))
			if err != nil || m <= since {
				p.Errorf(at(model.PSSChangesAnnotation), "%q: want versions v1.N after %s, comma-separated", v, model.PSSLabel(since))
				return 0, true, false
			}
		}
		if !hasVariable(r) {
			p.Errorf(at(model.PSSChangesAnnotation), "the rule changes with the version but declares no CEL variable %s to read it from", model.PSSVariable)
			return 0, true, false
		}
	}
	return since, true, true
}

func hasVariable(r *model.Rule) bool {
	return slices.ContainsFunc(r.Spec.Variables, func(v admissionregistrationv1.Variable) bool { return v.Name == model.PSSVariable })
}

// modeCopies are a rule's copies, one per mode: the enforce copy keeps the
// rule's name, the others add the mode's suffix (name-warn, name-audit).
// All keep the rule's opt-out label. Each sets pssVersion (declaring it
// first when the rule does not) to its mode's version label; Gate makes a
// rule that applies from a later version pass below it.
func modeCopies(r *model.Rule, since uint, opts *model.Options) []*model.Rule {
	var out []*model.Rule
	for _, m := range model.Modes {
		v := *r
		v.Spec = *r.Spec.DeepCopy()
		v.Annotations = maps.Clone(r.Annotations)
		v.Annotations[model.PSSVersionsAnnotation] = model.PSSRange{From: since, To: model.NewestPSS}.String()
		v.Annotations[model.PSSVersionLabelAnnotation] = m.VersionLabelKey(opts.LabelPrefix)
		v.Scope.OptOut = r.OptOutName()
		v.PSS = &model.PSSVariant{Mode: m, Family: r.Name, Since: since}
		v.Name = naming.Shorten(r.Name+m.Suffix, naming.MaxLength)
		version := admissionregistrationv1.Variable{Name: model.PSSVariable, Expression: versionExpression(m, opts)}
		if i := slices.IndexFunc(v.Spec.Variables, func(x admissionregistrationv1.Variable) bool { return x.Name == model.PSSVariable }); i >= 0 {
			v.Spec.Variables[i] = version
		} else {
			v.Spec.Variables = append([]admissionregistrationv1.Variable{version}, v.Spec.Variables...)
		}
		out = append(out, &v)
	}
	return out
}

// versionExpression reads the minor version a namespace's label of the
// mode names, as PSA reads enforce-version (api.ParseVersion): no label
// means the default; latest or an implemented v1.N means that version; an
// older v1.N the oldest implemented one, the closest to PSA's judgement;
// a newer v1.N, or a value that is no version at all, latest, as PSA judges
// it (the label guard refuses such values on new labels).
func versionExpression(m model.Mode, opts *model.Options) string {
	var entries []string
	for _, v := range model.PSSLabelValues() {
		minor, _ := model.ParsePSSVersion(v)
		entries = append(entries, fmt.Sprintf("'%s': %d", v, minor))
	}
	var older []string
	for minor := range model.OldestPSS {
		older = append(older, fmt.Sprint(minor))
	}
	d := opts.DefaultPSS()
	label := fmt.Sprintf("namespaceObject.metadata.?labels[?'%s']", m.VersionLabelKey(opts.LabelPrefix))
	return fmt.Sprintf("namespaceObject == null || !%[1]s.hasValue() ? %[2]d : {%[3]s}[?%[1]s.value()].orValue(%[1]s.value().matches('^v1[.](%[4]s)$') ? %[5]d : %[6]d)",
		label, d, strings.Join(entries, ", "), strings.Join(older, "|"), model.OldestPSS, model.NewestPSS)
}

// Gate makes the checked policies of a rule that applies from a later
// version than the oldest pass in namespaces judged at an older one. It
// runs after the check stage, so that problems in the rule's own
// expressions are reported at their place in the source.
func Gate(rules []model.Checked) {
	for _, c := range rules {
		v := c.Rule.PSS
		if v == nil || v.Since <= model.OldestPSS {
			continue
		}
		below := fmt.Sprintf("variables.%s < %d", model.PSSVariable, v.Since)
		for _, p := range c.Policies {
			spec := &p.VAP.Spec
			for i := range spec.Validations {
				spec.Validations[i].Expression = below + " || (" + spec.Validations[i].Expression + ")"
			}
			for i := range spec.AuditAnnotations {
				spec.AuditAnnotations[i].ValueExpression = below + " ? null : (" + spec.AuditAnnotations[i].ValueExpression + ")"
			}
		}
	}
}
