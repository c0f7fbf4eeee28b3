package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/generator/diag"
	"github.com/vapgen/vapgen/generator/naming"
)

// Layout says how rules become ValidatingAdmissionPolicies.
type Layout string

const (
	// PerRule (the default): one policy per rule (and pod template path),
	// bound once per mode; a rule's opt-out label is in its bindings.
	PerRule Layout = "per-rule"
	// PerProfile: one policy per profile (and pod template path) holding the
	// validations of every rule the profile includes, each guarded by the
	// rule's opt-out label read from namespaceObject. The API server then
	// prepares each request once per profile instead of once per rule.
	PerProfile Layout = "per-profile"
)

// RulesAnnotation lists, on a policy of the per-profile layout, the per-rule
// policies whose validations it holds, in order.
const RulesAnnotation = "vapgen.io/rules"

// MergedPrefix starts the names of the per-profile layout's policies.
const MergedPrefix = "vapgen-"

// variant is one policy of a rule: the pod policy or a pod template one.
type variant struct {
	unit   *Unit
	policy *admissionregistrationv1.ValidatingAdmissionPolicy
	// suffix is what the policy's name adds to the unit's: "" or "-workloads".
	suffix string
	key    string
}

// scope is a set of namespaces in which the same overlays replace rules.
type scope struct {
	namespaces []string
	overlays   []string
	// replaced maps a base rule to the overlay unit that judges it in these
	// namespaces, or to nil when a policy of its own does.
	replaced map[string]*Unit
}

// mergeProfiles turns the per-rule units into the per-profile layout. Rules
// that cannot share a policy (paramKind, audit annotations, an overlay
// replacement that matches other resources than its rule) keep their own.
func (g *generation) mergeProfiles(units []*Unit) []*Unit {
	var out, base []*Unit
	byName := map[string]*Unit{}
	for _, u := range units {
		if u.Overlay == "" {
			byName[u.Name] = u
		}
	}
	var replacements []*Unit
	for _, u := range units {
		switch {
		case u.Overlay != "":
			replacements = append(replacements, u)
		case mergeable(u):
			base = append(base, u)
		default:
			out = append(out, u)
		}
	}
	fits := map[*Unit]bool{}
	for _, r := range replacements {
		if b := byName[r.optOut()]; b != nil && mergeable(b) && mergeable(r) && sameVariants(g.variants(b), g.variants(r)) {
			fits[r] = true
		} else {
			out = append(out, r)
		}
	}
	scopes := scopesOf(replacements, fits, byName)

	groups := map[string][]variant{}
	for _, u := range base {
		for _, v := range g.variants(u) {
			groups[v.key] = append(groups[v.key], v)
		}
	}
	names := groupNames(groups)
	for _, key := range sortedKeys(groups) {
		for _, level := range []Profile{Baseline, Restricted} {
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
				if u := g.mergedUnit(level, names[key], members, s); u != nil {
					out = append(out, u)
				}
			}
			if u := g.mergedUnit(level, names[key], members, scope{namespaces: sortedCopy(skip)}); u != nil {
				out = append(out, u)
			}
		}
	}
	return out
}

// mergeable reports whether a unit's policies can share one.
func mergeable(u *Unit) bool {
	if u.paramRef != nil {
		return false
	}
	for _, p := range u.Policies {
		if p.Spec.ParamKind != nil || len(p.Spec.AuditAnnotations) > 0 {
			return false
		}
	}
	return true
}

// variants lists a unit's policies with the key of the group they join:
// policies merge when they match the same requests the same way and their
// bindings act alike.
func (g *generation) variants(u *Unit) []variant {
	var out []variant
	for i, p := range u.Policies {
		suffix := strings.TrimPrefix(p.Name, u.Name)
		constraints, _ := json.Marshal([]any{p.Spec.MatchConstraints, p.Spec.FailurePolicy, g.enforceActions(u, i > 0)})
		out = append(out, variant{unit: u, policy: p, suffix: suffix, key: suffix + "\x00" + string(constraints)})
	}
	return out
}

func sameVariants(a, b []variant) bool {
	return slices.EqualFunc(a, b, func(x, y variant) bool { return x.key == y.key })
}

// scopesOf groups the namespaces that overlays name by what replaces which
// rule in them.
func scopesOf(replacements []*Unit, fits map[*Unit]bool, byName map[string]*Unit) []scope {
	perNamespace := map[string]map[string]*Unit{}
	overlays := map[string][]string{}
	for _, r := range replacements {
		if b := byName[r.optOut()]; b == nil || !mergeable(b) {
			continue
		}
		for _, ns := range r.onlyNamespaces {
			if perNamespace[ns] == nil {
				perNamespace[ns] = map[string]*Unit{}
			}
			perNamespace[ns][r.optOut()] = nil
			if fits[r] {
				perNamespace[ns][r.optOut()] = r
			}
			overlays[ns] = append(overlays[ns], r.Overlay)
		}
	}
	bySignature := map[string]*scope{}
	for ns, replaced := range perNamespace {
		var sig []string
		for rule, u := range replaced {
			name := "-"
			if u != nil {
				name = u.Name
			}
			sig = append(sig, rule+"="+name)
		}
		sort.Strings(sig)
		key := strings.Join(sig, ",")
		s, ok := bySignature[key]
		if !ok {
			s = &scope{replaced: replaced, overlays: slices.Compact(sortedCopy(overlays[ns]))}
			bySignature[key] = s
		}
		s.namespaces = append(s.namespaces, ns)
	}
	var out []scope
	for _, s := range bySignature {
		s.namespaces = sortedCopy(s.namespaces)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].namespaces[0] < out[j].namespaces[0] })
	return out
}

// groupNames names each group by its pod template path; of the groups with
// the same path, all but the largest get a hash of their key.
func groupNames(groups map[string][]variant) map[string]string {
	bySuffix := map[string][]string{}
	for _, key := range sortedKeys(groups) {
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// included are the members a profile label value brings in: restricted
// includes baseline. Baseline rules come first, then by name.
func included(vs []variant, level Profile) []variant {
	var out []variant
	for _, v := range vs {
		if level == Restricted || v.unit.Profile == Baseline {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].unit.Profile != out[j].unit.Profile {
			return out[i].unit.Profile == Baseline
		}
		return out[i].unit.Name < out[j].unit.Name
	})
	return out
}

// touches reports whether the scope replaces one of the members.
func (s scope) touches(members []variant) bool {
	for _, m := range members {
		if _, ok := s.replaced[m.unit.Name]; ok {
			return true
		}
	}
	return false
}

// mergedUnit builds the policy of one profile level for a scope and binds
// it: in the scope's namespaces for a scope of overlays, elsewhere for the
// base scope. It is nil when no member is left (policies of their own judge
// them all).
func (g *generation) mergedUnit(level Profile, groupName string, members []variant, s scope) *Unit {
	var parts []mergePart
	for _, m := range members {
		u, policy := m.unit, m.policy
		if r, ok := s.replaced[u.Name]; ok {
			if r == nil {
				continue
			}
			u, policy = r, g.variantOf(r, m.suffix)
		}
		parts = append(parts, mergePart{policy: policy, optOut: OptOutLabelKey(g.opts.LabelPrefix, u.optOut())})
	}
	if len(parts) == 0 {
		return nil
	}
	name := MergedPrefix + string(level)
	overlay := strings.Join(s.overlays, "-")
	if overlay != "" {
		name += "-" + overlay
	}
	name = naming.Shorten(name+groupName, naming.MaxLength)
	u := &Unit{Name: name, Profile: level, Overlay: overlay}
	if len(s.overlays) > 0 {
		u.onlyNamespaces = s.namespaces
	} else {
		u.skipNamespaces = s.namespaces
	}
	vap, err := mergePolicies(name, level, overlay, parts)
	if err == nil {
		var issues []celcheck.Issue
		if issues, err = g.checker.Check(vap, matchedKinds(vap), g.opts.apiServers()); err == nil && len(issues) > 0 {
			err = fmt.Errorf("%s: %s", issues[0].Field, issues[0])
		}
	}
	if err != nil {
		g.diags.Errorf(diag.Position{File: "per-profile layout"}, "", "internal error: merging into %s: %v", name, err)
		return nil
	}
	u.policyActions = g.enforceActions(members[0].unit, members[0].suffix != "")
	u.Policy, u.Policies = vap, []*admissionregistrationv1.ValidatingAdmissionPolicy{vap}
	u.Bindings = g.mergedBindings(u)
	return u
}

// variantOf is the policy of unit u for a pod template suffix.
func (g *generation) variantOf(u *Unit, suffix string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	for _, p := range u.Policies {
		if p.Name == u.Name+suffix {
			return p
		}
	}
	return nil
}

// mergedBindings binds a merged policy once per mode in namespaces labelled
// with exactly its profile (the opt-out labels are read by its CEL).
func (g *generation) mergedBindings(u *Unit) []*admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	var out []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	name := u.Policy.Name
	for _, m := range Modes {
		actions := []admissionregistrationv1.ValidationAction{m.Action}
		if m.Action == admissionregistrationv1.Deny {
			actions = u.policyActions
		}
		sel := metav1.LabelSelectorRequirement{Key: m.LabelKey(g.opts.LabelPrefix), Operator: metav1.LabelSelectorOpIn, Values: []string{string(u.Profile)}}
		out = append(out, g.newBinding(u, name, name+m.Suffix, actions, sel))
	}
	if g.opts.DefaultProfile == u.Profile {
		sel := metav1.LabelSelectorRequirement{Key: Modes[0].LabelKey(g.opts.LabelPrefix), Operator: metav1.LabelSelectorOpDoesNotExist}
		out = append(out, g.newBinding(u, name, name+"-default", u.policyActions, sel))
	}
	return out
}

// rejectDuplicatePolicies reports generated policies that share a name, such
// as a rule's policy named like a policy of the per-profile layout, at the
// rule.
func (g *generation) rejectDuplicatePolicies(units []*Unit) {
	seen := map[string]*Unit{}
	for _, u := range units {
		for _, p := range u.Policies {
			other, dup := seen[p.Name]
			seen[p.Name] = u
			if !dup {
				continue
			}
			if u.Origin.Doc == nil {
				u = other
			}
			msg := fmt.Sprintf("two generated policies are named %q (the %s layout names its policies %s<profile>...); rename the policy or rule", p.Name, g.opts.Layout, MergedPrefix)
			if o := u.Origin; o.Doc != nil {
				g.diags = append(g.diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path), o.Subject(), msg))
			} else {
				g.diags.Errorf(diag.Position{File: "per-profile layout"}, "", "%s", msg)
			}
		}
	}
}
