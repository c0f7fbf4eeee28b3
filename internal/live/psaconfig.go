// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	psaconfig "k8s.io/pod-security-admission/admission/api"
	"k8s.io/pod-security-admission/admission/api/load"
	"k8s.io/pod-security-admission/admission/api/validation"
	psa "k8s.io/pod-security-admission/api"

	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// PSAConfig is how Pod Security Admission is configured: the levels of
// namespaces without labels, and who and what it exempts.
type PSAConfig struct {
	// Source is the file read, "" for PSA's built-in defaults (privileged,
	// latest, no exemptions).
	Source     string
	Defaults   psa.Policy
	Exemptions psaconfig.PodSecurityExemptions
}

// BuiltInPSA is PSA without a configuration.
func BuiltInPSA() *PSAConfig {
	cfg, err := fromPodSecurityConfiguration(nil, "")
	if err != nil {
		panic(err) // PSA's own defaults always load
	}
	return cfg
}

// admissionConfiguration is the part of an apiserver.config.k8s.io
// AdmissionConfiguration that says how PodSecurity is configured.
type admissionConfiguration struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Plugins    []struct {
		Name          string         `json:"name"`
		Path          string         `json:"path,omitempty"`
		Configuration map[string]any `json:"configuration,omitempty"`
	} `json:"plugins"`
}

// LoadPSAConfig reads the file kube-apiserver's --admission-control-config-file
// names (an AdmissionConfiguration whose PodSecurity plugin has its
// configuration inline or in a file of its own, relative to it), or a
// PodSecurityConfiguration. PSA's own code decodes, defaults and validates
// it. Problems are diagnostics at file:line:col.
func LoadPSAConfig(path string) (*PSAConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	docs, problems := yamldoc.Parse(filepath.ToSlash(path), data)
	if len(problems) > 0 {
		return nil, problems
	}
	if len(docs) != 1 {
		return nil, diag.List{{Severity: diag.Error, Pos: diag.Position{File: path}, Message: fmt.Sprintf("want one AdmissionConfiguration or PodSecurityConfiguration, found %d documents", len(docs))}}
	}
	doc := docs[0]
	located := func(err error) error {
		return diag.List{doc.Diagnostic(diag.Error, doc.Pos(), "", err.Error())}
	}
	if doc.Kind == "PodSecurityConfiguration" {
		raw, err := doc.JSON()
		if err != nil {
			return nil, located(err)
		}
		cfg, err := fromPodSecurityConfiguration(raw, path)
		if err != nil {
			return nil, located(err)
		}
		return cfg, nil
	}
	var ac admissionConfiguration
	if errs := doc.Decode(&ac); len(errs) > 0 {
		return nil, doc.Diagnostics(diag.Error, "", errs)
	}
	if ac.Kind != "AdmissionConfiguration" {
		return nil, located(fmt.Errorf("want an AdmissionConfiguration or a PodSecurityConfiguration, got kind %q", ac.Kind))
	}
	for i, p := range ac.Plugins {
		if p.Name != "PodSecurity" {
			continue
		}
		pos := doc.Locate(fmt.Sprintf("plugins[%d]", i))
		raw, source := []byte(nil), path
		switch {
		case p.Configuration != nil:
			raw, err = json.Marshal(p.Configuration)
		case p.Path != "":
			source = p.Path
			if !filepath.IsAbs(source) {
				source = filepath.Join(filepath.Dir(path), source)
			}
			raw, err = os.ReadFile(source)
		}
		if err == nil {
			var cfg *PSAConfig
			if cfg, err = fromPodSecurityConfiguration(raw, source); err == nil {
				return cfg, nil
			}
		}
		return nil, diag.List{doc.Diagnostic(diag.Error, pos, "plugin PodSecurity", err.Error())}
	}
	return nil, located(fmt.Errorf("the AdmissionConfiguration configures no PodSecurity plugin"))
}

// fromPodSecurityConfiguration decodes, defaults and validates a
// PodSecurityConfiguration (nil: the defaults) with PSA's own code.
func fromPodSecurityConfiguration(raw []byte, source string) (*PSAConfig, error) {
	c, err := load.LoadFromData(raw)
	if err != nil {
		return nil, err
	}
	if errs := validation.ValidatePodSecurityConfiguration(c); len(errs) > 0 {
		return nil, errs.ToAggregate()
	}
	d := c.Defaults
	var policy psa.Policy
	for _, mode := range []struct {
		into           *psa.LevelVersion
		level, version string
	}{{&policy.Enforce, d.Enforce, d.EnforceVersion}, {&policy.Warn, d.Warn, d.WarnVersion}, {&policy.Audit, d.Audit, d.AuditVersion}} {
		if mode.into.Level, err = psa.ParseLevel(mode.level); err != nil {
			return nil, err
		}
		if mode.into.Version, err = psa.ParseVersion(mode.version); err != nil {
			return nil, err
		}
	}
	return &PSAConfig{Source: source, Defaults: policy, Exemptions: c.Exemptions}, nil
}
