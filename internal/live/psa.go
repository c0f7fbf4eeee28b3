// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	psa "k8s.io/pod-security-admission/api"
)

// Migration is vapgen's equivalent of a cluster's Pod Security Admission
// setup: labels per namespace and a config.
type Migration struct {
	Prefix string
	PSA    *PSAConfig
	// PSSVersion is the Pod Security Standards version vapgen's policies
	// implement (their vapgen.io/pss-version); ServerVersion the API
	// server's, which PSA's "latest" means ("" when unknown).
	PSSVersion, ServerVersion string
	Namespaces                []*NamespaceMigration
	// DefaultProfile and Exemptions are the vapgen.yaml settings.
	DefaultProfile string
	Exemptions     Exemptions
	Notes          []string
}

// Exemptions are vapgen.yaml's exemptions.
type Exemptions struct {
	Namespaces        []string `json:"namespaces"`
	Usernames         []string `json:"usernames"`
	RuntimeClassNames []string `json:"runtimeClassNames"`
}

// NamespaceMigration is one namespace.
type NamespaceMigration struct {
	Name string
	// PSA is the policy PSA applies (labels over the defaults); Exempt when
	// PSA's configuration exempts the namespace.
	PSA    psa.Policy
	Exempt bool
	// Labels are the vapgen labels that make vapgen judge like PSA.
	Labels map[string]string
	Notes  []string

	psaLabels []string // the namespace's pod-security.kubernetes.io labels
}

// Migrate maps the namespaces' pod-security.kubernetes.io labels and PSA's
// configuration to vapgen's (README "Before you enforce"):
//
//   - enforce=<level> (a label) becomes <prefix>/profile=<level>; an
//     enforce level that comes from PSA's defaults becomes the config's
//     defaultProfile instead, and an explicit enforce=privileged becomes
//     <prefix>/profile=privileged when that default is stricter (a profile
//     label vapgen's bindings do not select keeps the default away);
//   - warn and audit become <prefix>/warn and <prefix>/audit when stricter
//     than enforce (vapgen has no default for them: a default level is set
//     on each namespace);
//   - PSA's exemptions become vapgen's;
//   - a version other than vapgen's Pod Security Standards version (PSA's
//     "latest" is the API server's) is a note: vapgen judges with its own.
func Migrate(nss []*corev1.Namespace, cfg *PSAConfig, prefix, pssVersion, serverVersion string) *Migration {
	m := &Migration{Prefix: prefix, PSA: cfg, PSSVersion: pssVersion, ServerVersion: serverVersion}
	if l := cfg.Defaults.Enforce.Level; l != psa.LevelPrivileged {
		m.DefaultProfile = string(l)
	}
	m.Exemptions = Exemptions{Namespaces: sortedCopy(cfg.Exemptions.Namespaces), Usernames: sortedCopy(cfg.Exemptions.Usernames),
		RuntimeClassNames: sortedCopy(cfg.Exemptions.RuntimeClasses)}
	for _, ns := range nss {
		m.Namespaces = append(m.Namespaces, m.namespace(ns))
	}
	for _, mode := range []struct {
		name  string
		level psa.Level
	}{{"warn", cfg.Defaults.Warn.Level}, {"audit", cfg.Defaults.Audit.Level}} {
		if psa.CompareLevels(mode.level, cfg.Defaults.Enforce.Level) > 0 {
			m.Notes = append(m.Notes, fmt.Sprintf("PSA's default %s level is %s; vapgen has no default for %s: the namespaces without their own %s label get %s/%s=%s here, new namespaces need it too",
				mode.name, mode.level, mode.name, mode.name, prefix, mode.name, mode.level))
		}
	}
	return m
}

func (m *Migration) namespace(ns *corev1.Namespace) *NamespaceMigration {
	policy, errs := psa.PolicyToEvaluate(ns.Labels, m.PSA.Defaults)
	n := &NamespaceMigration{Name: ns.Name, PSA: policy, Labels: map[string]string{}}
	for k := range ns.Labels {
		if strings.HasPrefix(k, "pod-security.kubernetes.io/") {
			n.psaLabels = append(n.psaLabels, k)
		}
	}
	for _, e := range errs {
		n.Notes = append(n.Notes, fmt.Sprintf("PSA label %s: %s; PSA applies %s", e.Field, e.ErrorBody(), PolicyString(policy)))
	}
	if slices.Contains(m.PSA.Exemptions.Namespaces, ns.Name) {
		n.Exempt = true
		n.Notes = append(n.Notes, "exempt in PSA's configuration: exemptions.namespaces in vapgen.yaml")
		return n
	}
	_, explicit := ns.Labels[psa.EnforceLevelLabel]
	switch enforce := policy.Enforce.Level; {
	case explicit && enforce != psa.LevelPrivileged:
		n.Labels[m.Prefix+"/profile"] = string(enforce)
	case explicit && m.DefaultProfile != "":
		n.Labels[m.Prefix+"/profile"] = string(psa.LevelPrivileged)
	}
	for _, mode := range []struct {
		name string
		lv   psa.LevelVersion
	}{{"warn", policy.Warn}, {"audit", policy.Audit}} {
		if psa.CompareLevels(mode.lv.Level, policy.Enforce.Level) > 0 {
			n.Labels[m.Prefix+"/"+mode.name] = string(mode.lv.Level)
		}
	}
	for _, mode := range []struct {
		name   string
		lv     psa.LevelVersion
		mapped bool
	}{{"enforce", policy.Enforce, true}, {"warn", policy.Warn, n.Labels[m.Prefix+"/warn"] != ""}, {"audit", policy.Audit, n.Labels[m.Prefix+"/audit"] != ""}} {
		if !mode.mapped || mode.lv.Level == psa.LevelPrivileged {
			continue
		}
		if v := m.effectiveVersion(mode.lv.Version); v != m.PSSVersion {
			n.Notes = append(n.Notes, fmt.Sprintf("PSA %s %s at %s; vapgen's policies implement the Pod Security Standards at %s", verb(mode.name), mode.lv.Level, v, m.PSSVersion))
		}
	}
	return n
}

// effectiveVersion is the version PSA judges with: "latest" is the API
// server's.
func (m *Migration) effectiveVersion(v psa.Version) string {
	if v.Latest() && m.ServerVersion != "" {
		return m.ServerVersion
	}
	return v.String()
}

func verb(mode string) string {
	return map[string]string{"enforce": "enforces", "warn": "warns about", "audit": "audits"}[mode]
}

func sortedCopy(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// LabelArgs are a namespace's labels as kubectl label arguments, sorted.
func (n *NamespaceMigration) LabelArgs() []string {
	var out []string
	for k, v := range n.Labels {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// KubectlLine is the kubectl command that sets a namespace's labels; ""
// when there are none.
func (n *NamespaceMigration) KubectlLine() string {
	if len(n.Labels) == 0 {
		return ""
	}
	return "kubectl label --overwrite namespace " + n.Name + " " + strings.Join(n.LabelArgs(), " ")
}

// PolicyString shows a PSA policy as its labels would say it:
// enforce=baseline:latest, warn=restricted:v1.35, audit=privileged:latest.
func PolicyString(p psa.Policy) string {
	return fmt.Sprintf("enforce=%s:%s, warn=%s:%s, audit=%s:%s", p.Enforce.Level, p.Enforce.Version, p.Warn.Level, p.Warn.Version, p.Audit.Level, p.Audit.Version)
}
