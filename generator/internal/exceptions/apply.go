// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package exceptions

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/check"
	"github.com/vapgen/vapgen/generator/internal/messages"
	"github.com/vapgen/vapgen/generator/internal/model"
	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// stage is one run of the exception stage.
type stage struct {
	opts      *model.Options
	index     policyIndex
	rules     []*model.Rule
	mutations []*model.Mutation
	checker   *check.Checker
	diags     *diag.List
	seen      map[string]*yamldoc.Document
}

// Apply attaches every PolicyException among docs to the rules and
// mutations it covers. Problems go to diags; an exception with a problem
// is attached to nothing.
func Apply(docs []*yamldoc.Document, rules []*model.Rule, mutations []*model.Mutation, opts *model.Options, diags *diag.List) {
	s := &stage{opts: opts, index: indexPolicies(docs), rules: rules, mutations: mutations, checker: check.New(opts), diags: diags, seen: map[string]*yamldoc.Document{}}
	for _, doc := range docs {
		if doc.Kind != "PolicyException" {
			continue
		}
		group, version, _ := strings.Cut(doc.APIVersion, "/")
		switch group {
		case "kyverno.io":
			s.apply(doc, group, version, []string{"v2", "v2beta1"}, s.kyvernoException)
		case "policies.kyverno.io":
			s.apply(doc, group, version, []string{"v1", "v1beta1", "v1alpha1"}, s.celException)
		}
	}
}

// apply checks what every exception shares, converts one with convert and
// reports its problems; an exception --skip-unsupported leaves out gets a
// warning that says so.
func (s *stage) apply(doc *yamldoc.Document, group, version string, versions []string, convert func(*yamldoc.Document, *report.Problems) func()) {
	p := report.New(doc, fmt.Sprintf("PolicyException %q", doc.Name))
	p.Target = "Kubernetes admission exclusion"
	var attach func()
	switch key := group + " " + exceptionKey(doc); {
	case !slices.Contains(versions, version):
		p.Errorf(field.NewPath("apiVersion"), "unknown apiVersion %s for PolicyException (want %s)", doc.APIVersion, strings.Join(prefixed(doc.APIVersion, versions), " or "))
	case doc.Name == "":
		p.Errorf(field.NewPath("metadata"), "metadata.name is required")
	case s.seen[key] != nil:
		p.Errorf(field.NewPath("metadata", "name"), "%s PolicyException %s is given twice (also at %s)", group, exceptionKey(doc), s.seen[key].Pos())
	default:
		s.seen[key] = doc
		attach = convert(doc, p)
	}
	failed := !p.OK()
	p.Report(s.diags, s.opts.SkipUnsupported)
	if failed && s.opts.SkipUnsupported && p.Valid() {
		s.diags.Warnf(doc.Pos(), p.Subject, "not applied: the policies it names are enforced without this exception")
	}
	if attach != nil && !failed {
		attach()
	}
}

func exceptionKey(doc *yamldoc.Document) string {
	if doc.Namespace == "" {
		return doc.Name
	}
	return doc.Namespace + "/" + doc.Name
}

// conditionName is the name of an exception's matchCondition: a qualified
// name made of the exception's namespace and name, shortened with a hash
// when they do not fit.
func conditionName(doc *yamldoc.Document) string {
	base := doc.Name
	if doc.Namespace != "" {
		base = doc.Namespace + "." + doc.Name
	}
	name := "exception-" + base
	if len(validation.IsQualifiedName(name)) == 0 {
		return name
	}
	sum := sha256.Sum256([]byte(exceptionKey(doc)))
	short := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '-'
	}, strings.ToLower(base))
	if len(short) > 42 {
		short = short[:42]
	}
	return "exception-" + strings.Trim(short, "-.") + "-" + hex.EncodeToString(sum[:])[:8]
}

// negated is the matchCondition that is false where all conditions hold.
func negated(doc *yamldoc.Document, conds ...string) *admissionregistrationv1.MatchCondition {
	parts := make([]string, len(conds))
	for i, c := range conds {
		parts[i] = messages.Parenthesized(c)
	}
	return &admissionregistrationv1.MatchCondition{Name: conditionName(doc), Expression: "!(" + strings.Join(parts, " && ") + ")"}
}

func prefixed(apiVersion string, versions []string) []string {
	group, _, _ := strings.Cut(apiVersion, "/")
	out := make([]string, len(versions))
	for i, v := range versions {
		out[i] = group + "/" + v
	}
	return out
}
