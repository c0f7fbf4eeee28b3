// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package check is the generator's check stage: it compiles every CEL
// expression of every rule's policies as kube-apiserver does (for each API
// server of the target range) and type-checks it against the schema of every
// kind the policy matches as kube-controller-manager does
// (generator/celcheck), and reports each problem at its place in the source
// file: inside the expression when the policy holds the source's text.
package check

import (
	"errors"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/generator/internal/kinds"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Checker checks policies; it is safe for concurrent use.
type Checker struct {
	cel  *celcheck.Checker
	opts *model.Options
}

// shared reuses the CEL environments, which are costly to build, across
// generations.
var shared = celcheck.New()

// New returns a checker for a generation's options.
func New(opts *model.Options) *Checker { return &Checker{cel: shared, opts: opts} }

// Policy checks one policy of a rule and reports its problems to diags; it
// reports whether the policy is sound.
func (c *Checker) Policy(p *model.Policy, diags *diag.List) bool {
	o := p.Rule.Origin
	probs := report.New(o.Doc, o.Subject())
	defer probs.Report(diags, c.opts.SkipUnsupported)
	repairs := celcheck.RepairOptionalSelects(&p.VAP.Spec)
	issues, err := c.cel.Check(p.VAP, MatchedKinds(p.VAP), c.opts.APIServers())
	if err != nil {
		probs.Errorf(o.Path, "checking CEL of %s: %v", p.VAP.Name, err)
		return false
	}
	placed := placer{origin: o, exact: p.Exact, repairs: repairs, source: func(is celcheck.Issue) (*yamldoc.Document, *field.Path, bool) {
		if doc, path, ok := exceptionSource(p.Rule.Exceptions, is); ok {
			return doc, path, true
		}
		src, ok := p.Rule.Sources[model.RefOf(is.Expr)]
		return o.Doc, src, ok
	}}
	c.reportRepairs(placed, probs)
	c.reportIssues(issues, func(e celcheck.Expr) string { return e.Text(&p.VAP.Spec) }, placed, "--kubernetes-version is "+c.opts.KubernetesVersion, probs)
	return probs.OK()
}

// reportRepairs reports each rewrite of the placer's policy where it was
// written.
func (c *Checker) reportRepairs(pl placer, probs *report.Problems) {
	for _, r := range pl.repairs {
		c.reportRuntime(r.Issue, pl.written(r.Issue, r.Line, r.Column), probs)
	}
}

// reportRuntime reports an expression the API server compiles but cannot
// evaluate: a warning, an error under --strict.
func (c *Checker) reportRuntime(is celcheck.Issue, pos diag.Position, probs *report.Problems) {
	if c.opts.Strict {
		probs.AddAt(pos, errors.New(is.String()))
		return
	}
	probs.WarnAt(pos, is.String()+" (--strict makes it an error)")
}

// placer puts an issue at its place in a source document (the origin's,
// or an exception's): inside the expression when the policy holds the
// source's text (exact), else at the expression's field, or at the
// origin's.
type placer struct {
	origin model.Origin
	exact  bool
	source func(celcheck.Issue) (*yamldoc.Document, *field.Path, bool)
	// repairs are the rewrites of the policy's expressions since they
	// were written.
	repairs []celcheck.Repair
}

// at places a position of a policy's expression as it is now.
func (pl placer) at(is celcheck.Issue, line, column int) diag.Position {
	return pl.written(is, line, celcheck.OriginalColumn(pl.repairs, is.Expr, line, column))
}

// written places a position of a policy's expression as it was written.
func (pl placer) written(is celcheck.Issue, line, column int) diag.Position {
	o := pl.origin
	doc, src, ok := pl.source(is)
	if !ok {
		return o.Doc.Locate(o.Path.String())
	}
	if line > 0 && pl.exact && doc == o.Doc {
		return doc.ExpressionPos(src.String(), line, column)
	}
	return doc.Locate(src.String())
}

// exceptionSource is where the matchCondition of an issue is written when
// a PolicyException made it.
func exceptionSource(excs []model.Exception, is celcheck.Issue) (*yamldoc.Document, *field.Path, bool) {
	if is.Expr.Kind != model.MatchCondition {
		return nil, nil, false
	}
	for _, e := range excs {
		if e.Condition != nil && e.Condition.Name == is.Expr.Name {
			return e.Doc, e.Path, true
		}
	}
	return nil, nil, false
}

// Conditions compiles matchConditions written at path in doc outside any
// policy (a CEL PolicyException's) as the API server compiles a policy's,
// without type checking, and reports their problems inside the
// expressions.
func (c *Checker) Conditions(conds []admissionregistrationv1.MatchCondition, doc *yamldoc.Document, path *field.Path, probs *report.Problems) {
	vap := &admissionregistrationv1.ValidatingAdmissionPolicy{Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
		MatchConditions: conds,
		Validations:     []admissionregistrationv1.Validation{{Expression: "true"}},
	}}
	issues, err := c.cel.Check(vap, nil, c.opts.APIServers())
	if err != nil {
		probs.Errorf(path, "checking CEL: %v", err)
		return
	}
	at := map[string]*field.Path{}
	for i, mc := range conds {
		at[mc.Name] = path.Index(i).Child("expression")
	}
	placed := placer{origin: model.Origin{Doc: doc, Path: path}, exact: true, source: func(is celcheck.Issue) (*yamldoc.Document, *field.Path, bool) {
		src, ok := at[is.Expr.Name]
		return doc, src, ok && is.Expr.Kind == model.MatchCondition
	}}
	c.reportIssues(issues, func(e celcheck.Expr) string { return e.Text(&vap.Spec) }, placed, "--kubernetes-version is "+c.opts.KubernetesVersion, probs)
}

// reportIssues reports the checker's issues: an expression's use of a
// Kyverno library once (unsupported), a refusal by an API server of the
// range with the range's note, a type-check finding as a warning (unless
// --strict), anything else as an error.
func (c *Checker) reportIssues(issues []celcheck.Issue, textOf func(celcheck.Expr) string, pl placer, rangeNote string, probs *report.Problems) {
	uses := kyvernoUses(c.cel, issues, textOf)
	reported := map[celcheck.Expr]bool{}
	for _, is := range issues {
		if use, ok := uses[is.Expr]; ok {
			if !reported[is.Expr] {
				reported[is.Expr] = true
				probs.AddAt(pl.at(is, use.line, use.column), report.Unsupported("uses %q from Kyverno's CEL libraries, which the API server does not have", use.name))
			}
			continue
		}
		pos := pl.at(is, is.Line, is.Column)
		switch {
		case is.Refusing != nil:
			probs.AddAt(pos, fmt.Errorf("%s (%s)", is.Message, rangeNote))
		case !is.GVK.Empty() && !c.opts.Strict:
			probs.WarnAt(pos, is.String()+"; the API server stores the policy and lists this in status.typeChecking (--strict makes it an error)")
		case is.Runtime:
			c.reportRuntime(is, pos, probs)
		default:
			probs.AddAt(pos, errors.New(is.String()))
		}
	}
}

// Generated checks a policy vapgen generated itself (the label guard): any
// problem is an internal error.
func (c *Checker) Generated(vap *admissionregistrationv1.ValidatingAdmissionPolicy) error {
	issues, err := c.cel.Check(vap, MatchedKinds(vap), c.opts.APIServers())
	if err == nil && len(issues) > 0 {
		err = fmt.Errorf("%s: %s", issues[0].Field, issues[0])
	}
	return err
}

// MatchedKinds are the kinds a policy matches, for type checking.
func MatchedKinds(vap *admissionregistrationv1.ValidatingAdmissionPolicy) []schema.GroupVersionKind {
	var out []schema.GroupVersionKind
	seen := map[schema.GroupVersionKind]bool{}
	mc := vap.Spec.MatchConstraints
	if mc == nil {
		return nil
	}
	for _, r := range mc.ResourceRules {
		for _, group := range r.APIGroups {
			for _, version := range r.APIVersions {
				for _, res := range r.Resources {
					base, _, _ := kinds.CutSubresource(res)
					k, ok := kinds.Of(group, version, base)
					if ok && !seen[k.GVK] {
						seen[k.GVK] = true
						out = append(out, k.GVK)
					}
				}
			}
		}
	}
	return out
}
