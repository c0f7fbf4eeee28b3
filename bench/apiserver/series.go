// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"path/filepath"
	"slices"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

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
	// Mutates: the series needs the MutatingAdmissionPolicies (1.36+);
	// Bare: its pods set no securityContext, so that the mutations fix them.
	Mutates, Bare bool
}

var (
	shippedProfile = generator.DefaultLabelPrefix + "/profile"
	shippedMutate  = generator.MutateLabelKey(generator.DefaultLabelPrefix)
)

var seriesByKey = map[string]seriesDef{
	"a": {Key: "a", Name: "none", Labels: map[string]string{}},
	"b": {Key: "b", Name: "psa", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted"}, Denies: true},
	"c": {Key: "c", Name: "vapgen", Labels: map[string]string{shippedProfile: "restricted"}, Denies: true},
	"d": {Key: "d", Name: "psa-vapgen", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted", shippedProfile: "restricted"}, Denies: true},
	"p": {Key: "p", Name: "per-profile", Layout: "per-profile", Denies: true},
	"m": {Key: "m", Name: "vapgen-mutate", Labels: map[string]string{shippedProfile: "restricted", shippedMutate: "restricted"}, Denies: true, Mutates: true},
	"n": {Key: "n", Name: "vapgen-mutate-bare", Labels: map[string]string{shippedProfile: "restricted", shippedMutate: "restricted"}, Denies: true, Mutates: true, Bare: true},
	"e": {Key: "e", Name: "per-rule-nomsg", Layout: "per-rule-nomsg", Denies: true},
	"f": {Key: "f", Name: "per-rule-lean", Layout: "per-rule-lean", Denies: true},
	"g": {Key: "g", Name: "per-profile-nomsg", Layout: "per-profile-nomsg", Denies: true},
	"h": {Key: "h", Name: "per-profile-lean", Layout: "per-profile-lean", Denies: true},
}

// seriesHelp lists the series for -series.
const seriesHelp = "a none, b psa, c vapgen (manifests/), d psa-vapgen, p per-profile, m vapgen-mutate (manifests/ and manifests/mutate, 1.36+), n vapgen-mutate-bare (pods without securityContext, fixed by the mutations); experiments: e per-rule-nomsg, f per-rule-lean, g per-profile-nomsg, h per-profile-lean"

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

// needsMutations reports whether a series of keys needs manifests/mutate.
func needsMutations(keys []string) bool {
	for _, k := range keys {
		if seriesByKey[k].Mutates {
			return true
		}
	}
	return false
}

// podOf is the pod a series creates: the restricted pod, or (Bare) the
// same without any securityContext.
func podOf(def seriesDef, containers int) *corev1.Pod {
	p := bench.Pod("", containers)
	if def.Bare {
		bare(&p.Spec)
	}
	return p
}

// deploymentOf is podOf for Deployments.
func deploymentOf(def seriesDef, containers int) *appsv1.Deployment {
	d := bench.Deployment("", containers)
	if def.Bare {
		bare(&d.Spec.Template.Spec)
	}
	return d
}

func bare(spec *corev1.PodSpec) {
	spec.SecurityContext = nil
	for i := range spec.Containers {
		spec.Containers[i].SecurityContext = nil
	}
	for i := range spec.InitContainers {
		spec.InitContainers[i].SecurityContext = nil
	}
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
