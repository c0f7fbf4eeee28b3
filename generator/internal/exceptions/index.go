// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package exceptions

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// policyIndex lists the policies among the inputs, converted or not, by
// the key an exception names them with: `kyverno.io:<namespace>/<name>`
// (no namespace for a ClusterPolicy), or `<Kind>:<name>` for
// policies.kyverno.io kinds; for kyverno.io policies, with their rule names.
type policyIndex map[string][]string

func indexPolicies(docs []*yamldoc.Document) policyIndex {
	idx := policyIndex{}
	for _, d := range docs {
		group, _, _ := strings.Cut(d.APIVersion, "/")
		switch {
		case group == "kyverno.io" && (d.Kind == "ClusterPolicy" || d.Kind == "Policy"):
			idx[kyvernoKey(d.Namespace, d.Name, d.Kind)] = ruleNames(d)
		case group == "policies.kyverno.io" && d.Kind != "PolicyException":
			idx[celKey(d.Kind, d.Name)] = nil
		}
	}
	return idx
}

func kyvernoKey(namespace, name, kind string) string {
	if kind == "Policy" {
		return "kyverno.io:" + namespace + "/" + name
	}
	return "kyverno.io:" + name
}

// kyvernoKeyOf is the key of an exception's policyName: `namespace/name`
// names a Policy.
func kyvernoKeyOf(policyName string) string { return "kyverno.io:" + policyName }

func celKey(kind, name string) string { return kind + ":" + name }

func ruleNames(d *yamldoc.Document) []string {
	data, err := d.JSON()
	if err != nil {
		return nil
	}
	var p struct {
		Spec struct {
			Rules []struct {
				Name string `json:"name"`
			} `json:"rules"`
		} `json:"spec"`
	}
	if json.Unmarshal(data, &p) != nil {
		return nil
	}
	var out []string
	for _, r := range p.Spec.Rules {
		out = append(out, r.Name)
	}
	return out
}

func globMatch(pattern, s string) bool {
	ok, err := regexp.MatchString(convert.GlobRegexp(pattern), s)
	return err == nil && ok
}
