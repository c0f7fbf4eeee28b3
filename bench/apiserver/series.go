// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"path/filepath"
	"slices"

	"github.com/vapgen/vapgen/bench"
	"github.com/vapgen/vapgen/generator"
)

// seriesDef is a namespace configuration.
type seriesDef struct {
	Key, Name string
	Labels    map[string]string
	// Layout names the bench layout (bench.LayoutNames) the series needs
	// beside the shipped set; its labels select it.
	Layout string
	// Denies: whether a violating pod (and Deployment, except PSA) is denied.
	Denies bool
}

var shippedProfile = generator.DefaultLabelPrefix + "/profile"

var seriesByKey = map[string]seriesDef{
	"a": {Key: "a", Name: "none", Labels: map[string]string{}},
	"b": {Key: "b", Name: "psa", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted"}, Denies: true},
	"c": {Key: "c", Name: "vapgen", Labels: map[string]string{shippedProfile: "restricted"}, Denies: true},
	"d": {Key: "d", Name: "psa+vapgen", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted", shippedProfile: "restricted"}, Denies: true},
	"p": {Key: "p", Name: "per-profile", Layout: "per-profile", Denies: true},
	"e": {Key: "e", Name: "per-rule-nomsg", Layout: "per-rule-nomsg", Denies: true},
	"f": {Key: "f", Name: "per-rule-lean", Layout: "per-rule-lean", Denies: true},
	"g": {Key: "g", Name: "per-profile-nomsg", Layout: "per-profile-nomsg", Denies: true},
	"h": {Key: "h", Name: "per-profile-lean", Layout: "per-profile-lean", Denies: true},
}

// seriesHelp lists the series for -series.
const seriesHelp = "a none, b psa, c vapgen (manifests/), d psa+vapgen, p per-profile; experiments: e per-rule-nomsg, f per-rule-lean, g per-profile-nomsg, h per-profile-lean"

// benchLayouts generates the bench layouts the series need, and the
// namespace labels that select each.
func benchLayouts(root string, keys []string) (*bench.Set, map[string]map[string]string, error) {
	var names []string
	for _, k := range keys {
		if l := seriesByKey[k].Layout; l != "" && !slices.Contains(names, l) {
			names = append(names, l)
		}
	}
	out, labels := &bench.Set{}, map[string]map[string]string{}
	if len(names) == 0 {
		return out, labels, nil
	}
	layouts, err := bench.Layouts(filepath.Join(root, "policies"), filepath.Join(root, "overlays"), names...)
	if err != nil {
		return nil, nil, err
	}
	for _, l := range layouts {
		out.Add(&l.Set)
		labels[l.Name] = l.Labels
	}
	return out, labels, nil
}

func unique(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
