// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// DefaultFile is read when no --config is given and it exists.
const DefaultFile = "vapgen.yaml"

const (
	APIVersion = "vapgen.io/v1alpha1"
	Kind       = "Config"
)

// Config is the content of vapgen.yaml. Unset fields keep the defaults;
// command-line flags win over the file. Paths are relative to the file's
// folder.
type Config struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	// Policies are the files and directories holding Kyverno policies.
	Policies []string `json:"policies,omitempty"`
	// Overlays is the directory holding overlays.
	Overlays string `json:"overlays,omitempty"`
	// CRDs are the files and directories holding CustomResourceDefinitions.
	CRDs []string `json:"crds,omitempty"`
	// Out is the directory to write, or "-" for standard output.
	Out string `json:"out,omitempty"`
	// LabelPrefix is the prefix of the namespace labels.
	LabelPrefix string `json:"labelPrefix,omitempty"`
	// DefaultPolicyProfile is the profile of policies that name none.
	DefaultPolicyProfile string `json:"defaultPolicyProfile,omitempty"`
	// DefaultProfile is enforced in namespaces without a profile label.
	DefaultProfile string `json:"defaultProfile,omitempty"`
	// Controllers is deny, warn or off: what pod rules do to workloads whose
	// pod template breaks them. Rules overrides it per rule.
	Controllers string `json:"controllers,omitempty"`
	// Rules holds per-rule settings, by generated policy name.
	Rules map[string]RuleConfig `json:"rules,omitempty"`
	// Exemptions are never judged, as in Pod Security Admission.
	Exemptions generator.Exemptions `json:"exemptions,omitempty"`
	// LabelGuard says who may change the namespace labels.
	LabelGuard generator.LabelGuard `json:"labelGuard,omitempty"`
	// RequireProfileLabel makes the label guard refuse namespaces without a
	// profile label, exempt namespaces aside.
	RequireProfileLabel bool `json:"requireProfileLabel,omitempty"`
	// ValidationActions is "profile" (bindings deny) or "policy" (bindings
	// take the policy's own failure action).
	ValidationActions string `json:"validationActions,omitempty"`
	// Layout is per-rule (one policy per rule) or per-profile (one policy per
	// profile, opt-out labels read by CEL).
	Layout string `json:"layout,omitempty"`
	// KubernetesVersion is the oldest kube-apiserver (minor version) the
	// output must work on.
	KubernetesVersion string `json:"kubernetesVersion,omitempty"`
	// PSSVersion is the Pod Security Standards version judged in namespaces
	// without a version label: latest or v1.N.
	PSSVersion string `json:"pssVersion,omitempty"`
	// SkipUnsupported skips rules that cannot become a ValidatingAdmissionPolicy.
	SkipUnsupported bool `json:"skipUnsupported,omitempty"`
	// Strict makes the type checker's findings errors instead of warnings.
	Strict bool `json:"strict,omitempty"`

	// doc is the document the config was read from, for errors at its fields.
	doc *yamldoc.Document
	// written are the paths as the file writes them, by field path.
	written map[string]string
}

// RuleConfig are the settings of one rule.
type RuleConfig struct {
	Controllers string `json:"controllers,omitempty"`
}

// Load reads a config file strictly: unknown fields and values of the wrong
// type are errors at file:line:col (a diag.List). A missing file is an
// error only when required is set. Relative paths in the file are made
// relative to the file's folder.
func Load(path string, required bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return &Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse is Load of a file's content.
func Parse(path string, data []byte) (*Config, error) {
	docs, problems := yamldoc.Parse(filepath.ToSlash(path), data)
	if len(problems) > 0 {
		return nil, problems
	}
	if len(docs) != 1 {
		return nil, diag.List{{Severity: diag.Error, Pos: diag.Position{File: path}, Message: fmt.Sprintf("want one Config document, found %d", len(docs))}}
	}
	doc := docs[0]
	var c Config
	if errs := doc.Decode(&c); len(errs) > 0 {
		return nil, doc.Diagnostics(diag.Error, "", errs)
	}
	if c.APIVersion != APIVersion || c.Kind != Kind {
		return nil, diag.List{doc.Diagnostic(diag.Error, doc.Pos(), "", fmt.Sprintf("want apiVersion %s and kind %s, got %q and %q", APIVersion, Kind, c.APIVersion, c.Kind))}
	}
	c.doc = doc
	c.resolve(filepath.Dir(path))
	return &c, nil
}

// resolve makes the file's relative paths relative to dir.
func (c *Config) resolve(dir string) {
	c.written = map[string]string{}
	rel := func(field, p string) string {
		c.written[field] = p
		if p == "" || p == "-" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for i := range c.Policies {
		c.Policies[i] = rel(fmt.Sprintf("policies[%d]", i), c.Policies[i])
	}
	for i := range c.CRDs {
		c.CRDs[i] = rel(fmt.Sprintf("crds[%d]", i), c.CRDs[i])
	}
	c.Overlays, c.Out = rel("overlays", c.Overlays), rel("out", c.Out)
}

// Missing reports, at their fields, the policies, crds and overlays paths
// of the file that do not exist; those of the fields in flagged, which
// flags override, are not read and not reported.
func (c *Config) Missing(flagged map[string]bool) diag.List {
	var out diag.List
	check := func(field, p string) {
		if _, err := os.Stat(p); err != nil && p != "" {
			msg := fmt.Sprintf("%s: %q: %v", field, c.written[field], unwrapPathError(err))
			out = append(out, c.FieldError(field, msg))
		}
	}
	if !flagged["policies"] {
		for i, p := range c.Policies {
			check(fmt.Sprintf("policies[%d]", i), p)
		}
	}
	if !flagged["crds"] {
		for i, p := range c.CRDs {
			check(fmt.Sprintf("crds[%d]", i), p)
		}
	}
	if !flagged["overlays"] {
		check("overlays", c.Overlays)
	}
	return out
}

// Relocate places the diagnostics about options (file generator.ConfigFile,
// the field path as subject) at their fields in the file; the others are
// returned as they are.
func (c *Config) Relocate(l diag.List) diag.List {
	out := make(diag.List, len(l))
	for i, d := range l {
		out[i] = d
		if d.Pos.File == generator.ConfigFile && d.Subject != "" && c.doc != nil {
			located := c.FieldError(d.Subject, d.Subject+": "+d.Message)
			located.Severity = d.Severity
			out[i] = located
		}
	}
	return out
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Options are the generator options the file sets; flags may override them.
// Policies and Overlays keep the file's values, empty when it sets none.
func (c *Config) Options() generator.Options {
	opts := generator.Options{
		Policies:             c.Policies,
		CRDs:                 c.CRDs,
		LabelPrefix:          c.LabelPrefix,
		DefaultPolicyProfile: generator.Profile(c.DefaultPolicyProfile),
		DefaultProfile:       generator.Profile(c.DefaultProfile),
		Actions:              generator.ActionSource(c.ValidationActions),
		Controllers:          generator.ControllerMode(c.Controllers),
		Exemptions:           c.Exemptions,
		LabelGuard:           c.LabelGuard,
		RequireProfileLabel:  c.RequireProfileLabel,
		SkipUnsupported:      c.SkipUnsupported,
		Strict:               c.Strict,
		Layout:               generator.Layout(c.Layout),
		KubernetesVersion:    c.KubernetesVersion,
		PSSVersion:           c.PSSVersion,
	}
	if c.Overlays != "" {
		opts.Overlays = []string{c.Overlays}
	}
	for name, rule := range c.Rules {
		if rule.Controllers != "" {
			if opts.RuleControllers == nil {
				opts.RuleControllers = map[string]generator.ControllerMode{}
			}
			opts.RuleControllers[name] = generator.ControllerMode(rule.Controllers)
		}
	}
	return opts
}

// FieldError is a diagnostic at a field of the file (path as field.Path
// renders it), e.g. for a value the generator's options refuse.
func (c *Config) FieldError(path, msg string) diag.Diagnostic {
	if c.doc == nil {
		return diag.Diagnostic{Severity: diag.Error, Pos: diag.Position{File: "config"}, Message: msg}
	}
	return c.doc.Diagnostic(diag.Error, c.doc.Locate(path), "", msg)
}
