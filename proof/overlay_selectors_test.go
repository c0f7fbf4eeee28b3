// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/generator"
)

// "No gap, never both" (README "Overlays", "Correct by construction"): for
// each base rule an overlay relaxes, exactly one of the base's and the
// copy's bindings selects a namespace wherever the rule applies at all: the
// copy in the overlay's namespaces, the base elsewhere; and every other rule
// selects overlay namespaces like any other.
func TestOverlaySelectorsNoGapNeverBoth(t *testing.T) {
	t.Parallel()
	overlayNS := overlayNamespaces(t)
	for _, v := range []struct {
		name string
		v    *variant
	}{{"vapgen.yaml", repo}, {"defaultProfile restricted", defaultRestricted}} {
		t.Run(v.name, func(t *testing.T) {
			f := v.v.get(t)
			pairs, others := overlayPairs(t, f.units)
			if len(pairs) != 4 {
				t.Errorf("%d relaxed rules, want 4 (2 per shipped overlay)", len(pairs))
			}
			checked := 0
			for _, p := range pairs {
				for i, b := range p.base.Bindings {
					o := p.copy.Bindings[i]
					for _, l := range labelSets(p.base.Name) {
						// What the rule does in a namespace that is neither
						// exempt nor named by an overlay.
						ref := selects(p.base, b, namespace("elsewhere", l...))
						for _, name := range []string{"mw-api", "mw-web", "shop", "kube-system"} {
							ns := namespace(name, l...)
							inBase, inCopy := selects(p.base, b, ns), selects(p.copy, o, ns)
							var wantBase, wantCopy bool
							switch {
							case slices.Contains(f.opts.Exemptions.Namespaces, name):
							case slices.Contains(overlayNS[p.copy.Overlay], name):
								wantCopy = ref
							default:
								wantBase = ref
							}
							if inBase != wantBase || inCopy != wantCopy {
								t.Errorf("namespace %s labels %v: %s selects %v, %s selects %v; want %v, %v (the rule applies elsewhere: %v)",
									name, l, b.Name, inBase, o.Name, inCopy, wantBase, wantCopy, ref)
							}
							if inBase && inCopy {
								t.Errorf("namespace %s labels %v: both %s and %s select it", name, l, b.Name, o.Name)
							}
							if ref && !inBase && !inCopy && !slices.Contains(f.opts.Exemptions.Namespaces, name) {
								t.Errorf("namespace %s labels %v: neither %s nor %s selects it", name, l, b.Name, o.Name)
							}
							if ref && name != "kube-system" {
								checked++
							}
						}
					}
				}
			}
			if checked == 0 {
				t.Fatal("no namespace selected by any pair: nothing was checked")
			}
			// Every other rule treats overlay namespaces like any other.
			for _, u := range others {
				for _, b := range u.Bindings {
					for _, l := range labelSets(u.Name) {
						ref := selects(u, b, namespace("elsewhere", l...))
						for _, name := range []string{"mw-api", "mw-web"} {
							if got := selects(u, b, namespace(name, l...)); got != ref {
								t.Errorf("namespace %s labels %v: %s selects %v, elsewhere %v", name, l, b.Name, got, ref)
							}
						}
					}
				}
			}
		})
	}
}

// overlayPair is a base rule and its relaxed copy.
type overlayPair struct{ base, copy *generator.Unit }

// overlayPairs pairs each overlay unit with the base unit of the same rule
// (vapgen.io/policy and vapgen.io/rule), checking that their bindings
// correspond one to one; others are the pod rules no overlay relaxes.
func overlayPairs(t *testing.T, units []*generator.Unit) (pairs []overlayPair, others []*generator.Unit) {
	t.Helper()
	key := func(u *generator.Unit) string {
		return u.Policy.Annotations[generator.PolicyAnnotation] + " " + u.Policy.Annotations[generator.RuleAnnotation]
	}
	base := map[string]*generator.Unit{}
	for _, u := range units {
		if u.Overlay == "" && u.Name != generator.GuardName {
			base[key(u)] = u
		}
	}
	relaxed := map[*generator.Unit]bool{}
	for _, u := range units {
		if u.Overlay == "" {
			continue
		}
		b := base[key(u)]
		if b == nil {
			t.Fatalf("overlay unit %s: no base rule %s", u.Name, key(u))
		}
		if len(b.Bindings) != len(u.Bindings) || len(b.Policies) != len(u.Policies) {
			t.Fatalf("%s and %s: %d/%d policies, %d/%d bindings", b.Name, u.Name, len(b.Policies), len(u.Policies), len(b.Bindings), len(u.Bindings))
		}
		for i := range b.Bindings {
			if bs, us := strings.TrimPrefix(b.Bindings[i].Name, b.Name), strings.TrimPrefix(u.Bindings[i].Name, u.Name); bs != us {
				t.Fatalf("binding %d: %s and %s do not correspond", i, b.Bindings[i].Name, u.Bindings[i].Name)
			}
		}
		relaxed[b] = true
		pairs = append(pairs, overlayPair{base: b, copy: u})
	}
	for _, u := range base {
		if !relaxed[u] {
			others = append(others, u)
		}
	}
	return pairs, others
}

// labelSets are the namespace labels to try for a rule: none, and each mode
// with each profile, with and without the rule's opt-out label.
func labelSets(rule string) [][]string {
	out := [][]string{nil}
	for _, m := range generator.Modes {
		for _, p := range []generator.Profile{generator.Baseline, generator.Restricted} {
			out = append(out, []string{m.Label, string(p)}, []string{m.Label, string(p), rule, generator.ExcludeValue})
		}
	}
	return out
}

// selects reports whether a binding of a unit's policy applies in a
// namespace: the policy's and the binding's namespace selectors both match
// (object selectors are empty).
func selects(u *generator.Unit, b *admissionregistrationv1.ValidatingAdmissionPolicyBinding, ns interface{ GetLabels() map[string]string }) bool {
	var policy *admissionregistrationv1.ValidatingAdmissionPolicy
	for _, p := range u.Policies {
		if p.Name == b.Spec.PolicyName {
			policy = p
		}
	}
	if policy == nil {
		panic("binding " + b.Name + " of no policy of " + u.Name)
	}
	set := labels.Set(ns.GetLabels())
	for _, sel := range []*metav1.LabelSelector{policy.Spec.MatchConstraints.NamespaceSelector, b.Spec.MatchResources.NamespaceSelector} {
		if sel == nil {
			continue
		}
		s, err := metav1.LabelSelectorAsSelector(sel)
		if err != nil {
			panic(err)
		}
		if !s.Matches(set) {
			return false
		}
	}
	for _, sel := range []*metav1.LabelSelector{policy.Spec.MatchConstraints.ObjectSelector, b.Spec.MatchResources.ObjectSelector} {
		if sel != nil && (len(sel.MatchLabels) > 0 || len(sel.MatchExpressions) > 0) {
			panic(b.Name + ": object selector")
		}
	}
	return true
}

// overlayNamespaces reads the namespaces of every shipped overlay.
func overlayNamespaces(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "overlays", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("overlays: %v (%d files)", err, len(files))
	}
	out := map[string][]string{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var o generator.Overlay
		if err := yaml.UnmarshalStrict(b, &o); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out[o.Name] = o.Spec.Namespaces
	}
	return out
}
