// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package layout

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/vapgen/vapgen/generator/internal/convert"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/diag"
)

// MergedPrefix starts the names of the per-profile layout's policies.
const MergedPrefix = "vapgen-"

// variant is one policy of a rule, with the key of the group it joins:
// policies merge when they match the same requests the same way and their
// bindings act alike.
type variant struct {
	policy *model.Policy
	// suffix is what the policy's name adds to the rule's: "" or "-workloads".
	suffix string
	key    string
}

func (v variant) rule() *model.Rule { return v.policy.Rule }

// scope is a set of namespaces in which the same overlays replace rules.
type scope struct {
	namespaces []string
	overlays   []string
	// replaced maps a base rule to the overlay rule that judges it in these
	// namespaces, or to nil when a policy of its own does.
	replaced map[string]*model.Checked
}

// perProfile merges the rules into the per-profile layout, once per mode
// when a rule depends on the Pod Security Standards version (its copy for
// the mode, with the rules that do not; each merged policy is then bound
// for its mode only), else once for all modes. Rules that cannot share a
// policy (paramKind, audit annotations, an overlay replacement that matches
// other resources than its rule) keep their own.
func perProfile(rules []model.Checked, opts *model.Options, diags *diag.List) []*model.Group {
	if !slices.ContainsFunc(rules, func(c model.Checked) bool { return c.Rule.PSS != nil }) {
		return perProfileOf(rules, nil, opts, diags)
	}
	var out []*model.Group
	seen := map[string]bool{}
	for _, m := range model.Modes {
		var active []model.Checked
		for _, c := range rules {
			if c.Rule.PSS == nil || c.Rule.PSS.Mode == m {
				active = append(active, c)
			}
		}
		for _, g := range perProfileOf(active, &m, opts, diags) {
			// A rule that keeps its own policy is in every mode.
			if !seen[g.Name] {
				seen[g.Name] = true
				out = append(out, g)
			}
		}
	}
	return out
}

// perProfileOf lays out the rules active in one mode (nil when no rule
// depends on the version).
func perProfileOf(rules []model.Checked, mode *model.Mode, opts *model.Options, diags *diag.List) []*model.Group {
	var out []*model.Group
	var base, replacements []*model.Checked
	byName := map[string]*model.Checked{}
	for i := range rules {
		c := &rules[i]
		switch {
		case c.Rule.Scope.Overlay != "":
			replacements = append(replacements, c)
		case mergeable(c):
			byName[c.Rule.OptOutName()] = c
			base = append(base, c)
		default:
			byName[c.Rule.OptOutName()] = c
			out = append(out, perRule(*c, opts))
		}
	}
	fits := map[*model.Checked]bool{}
	for _, r := range replacements {
		if b := byName[r.Rule.OptOutName()]; b != nil && mergeable(b) && mergeable(r) && sameVariants(variants(b, opts), variants(r, opts)) {
			fits[r] = true
		} else {
			out = append(out, perRule(*r, opts))
		}
	}
	scopes := scopesOf(replacements, fits, byName)
	groups := map[string][]variant{}
	for _, c := range base {
		for _, v := range variants(c, opts) {
			groups[v.key] = append(groups[v.key], v)
		}
	}
	names := groupNames(groups)
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		for _, level := range []model.Profile{model.Baseline, model.Restricted} {
			members := included(groups[key], level)
			if len(members) == 0 {
				continue
			}
			var skip []string
			for _, s := range scopes {
				if !s.touches(members) {
					continue
				}
				skip = append(skip, s.namespaces...)
				if g := mergedGroup(level, names[key], members, s, mode, opts, diags); g != nil {
					out = append(out, g)
				}
			}
			if g := mergedGroup(level, names[key], members, scope{namespaces: convert.SortedCopy(skip)}, mode, opts, diags); g != nil {
				out = append(out, g)
			}
		}
	}
	return out
}

// mergeable reports whether a rule's policies can share one.
func mergeable(c *model.Checked) bool {
	if c.Rule.ParamRef != nil {
		return false
	}
	for _, p := range c.Policies {
		if p.VAP.Spec.ParamKind != nil || len(p.VAP.Spec.AuditAnnotations) > 0 {
			return false
		}
	}
	return true
}

func variants(c *model.Checked, opts *model.Options) []variant {
	var out []variant
	for _, p := range c.Policies {
		suffix := strings.TrimPrefix(p.VAP.Name, c.Rule.Name)
		constraints, _ := json.Marshal([]any{p.VAP.Spec.MatchConstraints, p.VAP.Spec.FailurePolicy, EnforceActions(p, opts)})
		out = append(out, variant{policy: p, suffix: suffix, key: suffix + "\x00" + string(constraints)})
	}
	return out
}

func sameVariants(a, b []variant) bool {
	return slices.EqualFunc(a, b, func(x, y variant) bool { return x.key == y.key })
}

// scopesOf groups the namespaces that overlays name by what replaces which
// rule in them.
func scopesOf(replacements []*model.Checked, fits map[*model.Checked]bool, byName map[string]*model.Checked) []scope {
	perNamespace := map[string]map[string]*model.Checked{}
	overlays := map[string][]string{}
	for _, r := range replacements {
		base := r.Rule.OptOutName()
		if b := byName[base]; b == nil || !mergeable(b) {
			continue
		}
		for _, ns := range r.Rule.Scope.Only {
			if perNamespace[ns] == nil {
				perNamespace[ns] = map[string]*model.Checked{}
			}
			perNamespace[ns][base] = nil
			if fits[r] {
				perNamespace[ns][base] = r
			}
			overlays[ns] = append(overlays[ns], r.Rule.Scope.Overlay)
		}
	}
	bySignature := map[string]*scope{}
	for ns, replaced := range perNamespace {
		var sig []string
		for rule, r := range replaced {
			name := "-"
			if r != nil {
				name = r.Rule.Name
			}
			sig = append(sig, rule+"="+name)
		}
		sort.Strings(sig)
		key := strings.Join(sig, ",")
		s, ok := bySignature[key]
		if !ok {
			s = &scope{replaced: replaced, overlays: convert.SortedCopy(overlays[ns])}
			bySignature[key] = s
		}
		s.namespaces = append(s.namespaces, ns)
	}
	var out []scope
	for _, s := range bySignature {
		s.namespaces = convert.SortedCopy(s.namespaces)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].namespaces[0] < out[j].namespaces[0] })
	return out
}

// groupNames names each group by its pod template path; of the groups with
// the same path, all but the largest get a hash of their key.
func groupNames(groups map[string][]variant) map[string]string {
	bySuffix := map[string][]string{}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		s := groups[key][0].suffix
		bySuffix[s] = append(bySuffix[s], key)
	}
	names := map[string]string{}
	for suffix, keys := range bySuffix {
		sort.SliceStable(keys, func(i, j int) bool { return len(groups[keys[i]]) > len(groups[keys[j]]) })
		for i, key := range keys {
			names[key] = suffix
			if i > 0 {
				sum := sha256.Sum256([]byte(key))
				names[key] = "-" + hex.EncodeToString(sum[:])[:6] + suffix
			}
		}
	}
	return names
}

// included are the members a profile label value brings in: restricted
// includes baseline. Baseline rules come first, then by name.
func included(vs []variant, level model.Profile) []variant {
	var out []variant
	for _, v := range vs {
		if level == model.Restricted || v.rule().Profile == model.Baseline {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].rule().Profile != out[j].rule().Profile {
			return out[i].rule().Profile == model.Baseline
		}
		return out[i].rule().OptOutName() < out[j].rule().OptOutName()
	})
	return out
}

// touches reports whether the scope replaces one of the members.
func (s scope) touches(members []variant) bool {
	for _, m := range members {
		if _, ok := s.replaced[m.rule().OptOutName()]; ok {
			return true
		}
	}
	return false
}

// mergedGroup builds the policy of one profile level for a scope: bound in
// the scope's namespaces for a scope of overlays, elsewhere for the base
// scope. It is nil when no member is left (policies of their own judge them
// all).
func mergedGroup(level model.Profile, groupName string, members []variant, s scope, mode *model.Mode, opts *model.Options, diags *diag.List) *model.Group {
	var parts []mergePart
	for _, m := range members {
		p := m.policy
		if r, ok := s.replaced[m.rule().OptOutName()]; ok {
			if r == nil {
				continue
			}
			p = policyWithSuffix(r, m.suffix)
		}
		parts = append(parts, mergePart{policy: p.VAP, optOut: model.OptOutLabelKey(opts.LabelPrefix, p.Rule.OptOutName())})
	}
	if len(parts) == 0 {
		return nil
	}
	name := MergedPrefix + string(level)
	overlay := strings.Join(s.overlays, "-")
	if overlay != "" {
		name += "-" + overlay
	}
	if mode != nil {
		name += mode.Suffix
	}
	name = naming.Shorten(name+groupName, naming.MaxLength)
	vap, err := mergePolicies(name, level, overlay, parts)
	if err != nil {
		diags.Errorf(diag.Position{File: "per-profile layout"}, "", "internal error: merging into %s: %v", name, err)
		return nil
	}
	out := &model.Output{
		VAP:           vap,
		Profile:       level,
		ProfileValues: []string{string(level)},
		Enforce:       EnforceActions(members[0].policy, opts),
		Default:       opts.DefaultProfile == level,
		Mode:          mode,
	}
	if mode != nil {
		vap.Annotations[model.PSSVersionLabelAnnotation] = mode.VersionLabelKey(opts.LabelPrefix)
	}
	if len(s.overlays) > 0 {
		out.Only = s.namespaces
	} else {
		out.Skip = s.namespaces
	}
	return &model.Group{Name: name, Profile: level, Overlay: overlay, Dir: dirOf(level, overlay), Outputs: []*model.Output{out}}
}

// policyWithSuffix is the policy of a rule for a pod template suffix.
func policyWithSuffix(c *model.Checked, suffix string) *model.Policy {
	for _, p := range c.Policies {
		if p.VAP.Name == c.Rule.Name+suffix {
			return p
		}
	}
	return nil
}
