// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package suites

import (
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
	"github.com/vapgen/vapgen/internal/diag"
)

// TestFile is the name of every generated Chainsaw test file.
const TestFile = "chainsaw-test.yaml"

// Options configure Build.
type Options struct {
	// LabelPrefix is the prefix of the namespace labels the units were
	// generated with; empty means generator.DefaultLabelPrefix.
	LabelPrefix string
}

// Build returns one Chainsaw test per pod rule whose policy has example pods
// (testdata/good and testdata/bad next to the policy file), as
// <vap-name>/chainsaw-test.yaml, sorted. units are every unit of one
// generation: the expectations are computed against all of them. Units
// without a source file (the label guard), from overlays or that are not pod
// rules get no test. Files is nil when any diagnostic is an error.
func Build(units []*generator.Unit, opts Options) ([]output.File, diag.List) {
	b, diags := newBuilder(units, opts)
	if b == nil {
		return nil, diags
	}
	var files []output.File
	for _, u := range units {
		s := b.suite(u)
		if s == nil {
			continue
		}
		content, err := s.render(b.prefix)
		if err != nil {
			b.diags.Errorf(diag.Position{File: u.Origin.Doc.File.Path}, u.Origin.Subject(), "rendering the suite: %v", err)
			continue
		}
		files = append(files, output.File{Path: path.Join(u.Name, TestFile), Content: content})
	}
	b.checkOrphans()
	b.diags.Sort()
	if b.diags.HasErrors() {
		return nil, b.diags
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, b.diags
}

// builder holds what every suite shares.
type builder struct {
	prefix string
	ev     *evaluator.Evaluator
	// unitOf maps every policy name to the name of its unit, which is also
	// the name of the unit's opt-out label.
	unitOf map[string]string
	// fixtures caches the example pods of each policy folder.
	fixtures map[string]*policyFixtures
	// claimed records, per bad pod file, whether a unit of its policy denies it.
	claimed map[string]bool
	diags   diag.List
}

type policyFixtures struct {
	good, bad []*fixture
	skipped   []string
	err       error
}

func newBuilder(units []*generator.Unit, opts Options) (*builder, diag.List) {
	b := &builder{
		prefix:   opts.LabelPrefix,
		unitOf:   map[string]string{},
		fixtures: map[string]*policyFixtures{},
		claimed:  map[string]bool{},
	}
	if b.prefix == "" {
		b.prefix = generator.DefaultLabelPrefix
	}
	for _, u := range units {
		for _, p := range u.Policies {
			b.unitOf[p.Name] = u.Name
		}
	}
	policies, bindings := (&generator.Result{Units: units}).Objects()
	set, err := evaluator.NewSet(policies, bindings, nil)
	if err == nil {
		for _, p := range set.Problems() {
			b.diags.Errorf(diag.Position{File: "generated policies"}, "", "the API server would reject or ignore: %s", p)
		}
		b.ev, err = evaluator.New(set)
	}
	if err != nil {
		b.diags.Errorf(diag.Position{File: "generated policies"}, "", "cannot evaluate them: %v", err)
	}
	if b.diags.HasErrors() {
		return nil, b.diags
	}
	return b, nil
}

// suite is one rule's test.
type suite struct {
	unit *generator.Unit
	// dir is the policy's folder; workloads the name of the rule's policy for
	// workloads ("" without one).
	dir, workloads string
	good           []*fixture
	bad            []*badPod
	skipped        []string
	deployment     *deploymentCase
	// namespaces are the opt-out sets of the extra namespaces; the test's own
	// namespace opts out of nothing.
	namespaces []string
}

// badPod is a bad pod with the other rules that deny it too.
type badPod struct {
	*fixture
	others []string
}

// deploymentCase is a Deployment built from a bad pod.
type deploymentCase struct {
	from   *fixture
	node   *yaml.Node
	others []string
}

func (b *builder) suite(u *generator.Unit) *suite {
	if u.Name == generator.GuardName || u.Overlay != "" || u.Origin.Doc == nil || !matchesPods(u.Policy) {
		return nil
	}
	subject := u.Origin.Subject()
	dir := filepath.Dir(u.Origin.Doc.File.Path)
	fx := b.readFixtures(dir)
	if fx.err != nil {
		b.diags.Errorf(diag.Position{File: dir}, subject, "%v", fx.err)
		return nil
	}
	if len(fx.good)+len(fx.bad)+len(fx.skipped) == 0 {
		b.diags.Warnf(diag.Position{File: u.Origin.Doc.File.Path}, subject, "no example pods in %s/testdata/{good,bad}; no suite for %s", dir, u.Name)
		return nil
	}
	if !denies(u.Bindings, u.Policy.Name) {
		b.diags.Warnf(diag.Position{File: u.Origin.Doc.File.Path}, subject, "the binding %s does not deny; no suite for %s", u.Policy.Name, u.Name)
		return nil
	}
	s := &suite{unit: u, dir: dir, skipped: fx.skipped, workloads: workloadsPolicy(u)}
	for _, f := range fx.good {
		if d, ok := b.decide(u, f, f.node, nil); ok && !d.Allowed {
			b.diags.Errorf(b.pos(dir, f), subject, "good pod %q is denied in a namespace labelled %s: %s", f.name, b.profileLabel(u), d.Message)
		}
		s.good = append(s.good, f)
	}
	for _, f := range fx.bad {
		if p := b.badPod(u, dir, f); p != nil {
			s.bad = append(s.bad, p)
		}
	}
	if len(s.good)+len(s.bad) == 0 {
		b.diags.Warnf(diag.Position{File: u.Origin.Doc.File.Path}, subject, "every example pod of %s is rejected by API validation; no suite for %s", dir, u.Name)
		return nil
	}
	s.deployment = b.deploymentCase(u, s)
	if s.deployment == nil && s.workloads != "" && denies(u.Bindings, s.workloads) && len(s.bad) > 0 {
		b.diags.Warnf(diag.Position{File: u.Origin.Doc.File.Path}, subject, "no bad pod makes a Deployment that %s denies; the suite does not test workloads", s.workloads)
	}
	b.checkUnique(u, dir, s)
	s.namespaces = s.optOutSets()
	return s
}

// badPod checks a bad pod against a unit: nil when the unit's rule does not
// deny it (another rule of the same policy may).
func (b *builder) badPod(u *generator.Unit, dir string, f *fixture) *badPod {
	subject := u.Origin.Subject()
	key := filepath.Join(dir, filepath.FromSlash(f.rel))
	if _, seen := b.claimed[key]; !seen {
		b.claimed[key] = false
	}
	d, ok := b.decide(u, f, f.node, nil)
	if !ok {
		return nil
	}
	deniers := b.deniers(d)
	if !slices.Contains(deniers, u.Name) {
		return nil
	}
	b.claimed[key] = true
	others := slices.DeleteFunc(slices.Clone(deniers), func(n string) bool { return n == u.Name })
	want := denialOf(u.Policy.Name)
	if d, ok := b.decide(u, f, f.node, others); ok && (d.Allowed || !strings.Contains(d.Message, want)) {
		b.diags.Errorf(b.pos(dir, f), subject, "bad pod %q: where the other rules that deny it (%s) are opted out, want a denial naming %s, got: %s",
			f.name, strings.Join(others, ", "), want, orAllowed(d))
		return nil
	}
	if d, ok := b.decide(u, f, f.node, deniers); ok && !d.Allowed {
		b.diags.Errorf(b.pos(dir, f), subject, "bad pod %q is still denied where every rule that denies it (%s) is opted out: %s",
			f.name, strings.Join(deniers, ", "), d.Message)
		return nil
	}
	return &badPod{fixture: f, others: others}
}

// deploymentCase finds the first bad pod whose Deployment the rule's
// workloads policy denies.
func (b *builder) deploymentCase(u *generator.Unit, s *suite) *deploymentCase {
	if s.workloads == "" {
		return nil
	}
	want := denialOf(s.workloads)
	// Pods that only this rule denies first: their Deployment needs no other
	// rule opted out.
	candidates := slices.Clone(s.bad)
	slices.SortStableFunc(candidates, func(a, b *badPod) int { return len(a.others) - len(b.others) })
	for _, p := range candidates {
		dep := deploymentOf(p.fixture)
		d, ok := b.decide(u, p.fixture, dep, nil)
		if !ok {
			return nil
		}
		deniers := b.deniers(d)
		if !slices.Contains(deniers, u.Name) {
			continue
		}
		others := slices.DeleteFunc(slices.Clone(deniers), func(n string) bool { return n == u.Name })
		if d, ok := b.decide(u, p.fixture, dep, others); ok && !d.Allowed && strings.Contains(d.Message, want) {
			return &deploymentCase{from: p.fixture, node: dep, others: others}
		}
	}
	return nil
}

// deploymentOf builds a Deployment whose pod template is the pod: its labels
// (plus a selector label), annotations and spec, without the fields a
// template may not set.
func deploymentOf(f *fixture) *yaml.Node {
	meta := get(f.node, "metadata")
	labels := deepCopy(get(meta, "labels"))
	if labels == nil {
		labels = mapping()
	}
	set(labels, selectorLabel, str(f.name))
	tmplMeta := mapping("labels", labels, "annotations", deepCopy(get(meta, "annotations")))
	spec := without(deepCopy(get(f.node, "spec")), "restartPolicy", "activeDeadlineSeconds", "ephemeralContainers")
	return mapping(
		"apiVersion", "apps/v1",
		"kind", "Deployment",
		"metadata", mapping("name", f.name),
		"spec", mapping(
			"replicas", 1,
			"selector", mapping("matchLabels", mapping(selectorLabel, f.name)),
			"template", mapping("metadata", tmplMeta, "spec", spec),
		),
	)
}

// selectorLabel selects the pods of a generated Deployment.
const selectorLabel = "app.kubernetes.io/name"

// checkUnique reports pods that would be created twice in one namespace.
func (b *builder) checkUnique(u *generator.Unit, dir string, s *suite) {
	seen := map[string]string{}
	check := func(ns string, f *fixture) {
		key := ns + "/" + f.name
		if prev, dup := seen[key]; dup {
			b.diags.Errorf(b.pos(dir, f), u.Origin.Subject(), "pod name %q is also used by %s; the suite would create both in one namespace", f.name, prev)
		}
		seen[key] = f.rel
	}
	for _, f := range s.good {
		check("", f)
	}
	for _, p := range s.bad {
		check(strings.Join(append(slices.Clone(p.others), u.Name), ","), p.fixture)
	}
}

// checkOrphans reports bad pods that no rule of their policy denies.
func (b *builder) checkOrphans() {
	for file, ok := range b.claimed {
		if !ok {
			b.diags.Errorf(diag.Position{File: file}, "", "bad pod is not denied by any rule of its policy in a namespace labelled for the policy's profile")
		}
	}
}

func (b *builder) readFixtures(dir string) *policyFixtures {
	if fx, ok := b.fixtures[dir]; ok {
		return fx
	}
	fx := &policyFixtures{}
	var err1, err2 error
	var skipped1, skipped2 []string
	fx.good, skipped1, err1 = readFixtures(dir, "good")
	fx.bad, skipped2, err2 = readFixtures(dir, "bad")
	fx.skipped = append(skipped1, skipped2...)
	if err1 != nil {
		fx.err = err1
	} else {
		fx.err = err2
	}
	b.fixtures[dir] = fx
	return fx
}
