// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package model

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/celcheck"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// Rule is what the convert stage makes of one Kyverno rule (or
// ValidatingPolicy), independent of layout: the body of its
// ValidatingAdmissionPolicy, where it came from and where it applies.
type Rule struct {
	// Name is the generated name: of the rule's policy, and, for a rule
	// that is not an overlay's copy, of its opt-out label.
	Name    string
	Profile Profile
	Origin  Origin
	// Spec is the policy's spec as the rule says it (for a pod rule, before
	// the pod stage extends it).
	Spec admissionregistrationv1.ValidatingAdmissionPolicySpec
	// Annotations are those of the generated policy.
	Annotations map[string]string
	// Actions are the validation actions the source policy asks for.
	Actions  []admissionregistrationv1.ValidationAction
	ParamRef *admissionregistrationv1.ParamRef
	// Sources maps the CEL expressions of Spec to the fields of the source
	// document they came from.
	Sources Sources
	// Scope says in which namespaces the rule applies.
	Scope Scope
	// PSS is set on a variant of a rule whose behaviour depends on the Pod
	// Security Standards version: the mode it is bound for.
	PSS *PSSVariant
	// Exceptions are the Kyverno PolicyExceptions that cover the rule.
	Exceptions []Exception
}

// PSSVariant is the copy of a version-dependent rule for one mode: bound
// only by that mode's label, it reads the version from that mode's version
// label.
type PSSVariant struct {
	Mode Mode
	// Since is the first version at which the rule applies.
	Since uint
	// Family is the name of the rule the variants come from; its file holds
	// them all.
	Family string
}

// Scope narrows where a rule applies: an overlay's copy only in the
// overlay's namespaces, a base rule not in those that overlays take over.
type Scope struct {
	// Overlay names the overlay whose copy of a base rule this is.
	Overlay string
	// OptOut is the rule whose opt-out label lifts this one: the rule itself
	// (empty) or, for an overlay's copy, its base rule.
	OptOut string
	// Only restricts the rule to these namespaces; Skip leaves these out.
	Only, Skip []string
}

// OptOutName is the rule name in the opt-out label that lifts r.
func (r *Rule) OptOutName() string {
	if r.Scope.OptOut != "" {
		return r.Scope.OptOut
	}
	return r.Name
}

// Origin says which document, policy and rule a rule came from.
type Origin struct {
	Doc        *yamldoc.Document
	PolicyKind string
	Policy     string
	Namespace  string
	Rule       string
	// Path is the field path of the rule in the document, e.g. `spec.rules[2]`.
	Path *field.Path
}

// Subject names the origin in messages: `policy "p" rule "r"`.
func (o Origin) Subject() string {
	s := `policy "` + o.Policy + `"`
	if o.PolicyKind == OverlayKind {
		s = `overlay "` + o.Policy + `"`
	}
	if o.Rule != "" {
		s += ` rule "` + o.Rule + `"`
	}
	return s
}

// The kinds of CEL expression of a policy.
const (
	Variable          = celcheck.Variable
	MatchCondition    = celcheck.MatchCondition
	Validation        = celcheck.Validation
	MessageExpression = celcheck.MessageExpression
	AuditAnnotation   = celcheck.AuditAnnotation
)

// ExprRef names one CEL expression of a policy in a way that survives
// generated matchConditions put in front: variables and matchConditions by
// name, audit annotations by key, validations and their message expressions
// by index.
type ExprRef struct {
	Kind  celcheck.ExprKind
	Name  string
	Index int
}

// RefOf is the ExprRef of an expression celcheck names.
func RefOf(e celcheck.Expr) ExprRef {
	switch e.Kind {
	case Validation, MessageExpression:
		return ExprRef{Kind: e.Kind, Index: e.Index}
	}
	return ExprRef{Kind: e.Kind, Name: e.Name}
}

// Sources maps expressions to the source fields they came from.
type Sources map[ExprRef]*field.Path

// RuleSources maps the CEL fields of a Kyverno rule's policy (whose rule is
// at rule, its validate.cel below it) to the rule's fields.
func RuleSources(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec, rule *field.Path) Sources {
	cel := rule.Child("validate", "cel")
	s := Sources{}
	for i := range spec.Validations {
		s[ExprRef{Kind: Validation, Index: i}] = cel.Child("expressions").Index(i).Child("expression")
		s[ExprRef{Kind: MessageExpression, Index: i}] = cel.Child("expressions").Index(i).Child("messageExpression")
	}
	for i, v := range spec.Variables {
		s[ExprRef{Kind: Variable, Name: v.Name}] = cel.Child("variables").Index(i).Child("expression")
	}
	for i, a := range spec.AuditAnnotations {
		s[ExprRef{Kind: AuditAnnotation, Name: a.Key}] = cel.Child("auditAnnotations").Index(i).Child("valueExpression")
	}
	for i, m := range spec.MatchConditions {
		s[ExprRef{Kind: MatchCondition, Name: m.Name}] = rule.Child("celPreconditions").Index(i).Child("expression")
	}
	return s
}

// SpecSources maps every CEL field of a policy spec to the same field of a
// source document holding that spec at spec (a ValidatingPolicy).
func SpecSources(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec, at *field.Path) Sources {
	s := Sources{}
	for i := range spec.Validations {
		s[ExprRef{Kind: Validation, Index: i}] = at.Child("validations").Index(i).Child("expression")
		s[ExprRef{Kind: MessageExpression, Index: i}] = at.Child("validations").Index(i).Child("messageExpression")
	}
	for i, v := range spec.Variables {
		s[ExprRef{Kind: Variable, Name: v.Name}] = at.Child("variables").Index(i).Child("expression")
	}
	for i, a := range spec.AuditAnnotations {
		s[ExprRef{Kind: AuditAnnotation, Name: a.Key}] = at.Child("auditAnnotations").Index(i).Child("valueExpression")
	}
	for i, m := range spec.MatchConditions {
		s[ExprRef{Kind: MatchCondition, Name: m.Name}] = at.Child("matchConditions").Index(i).Child("expression")
	}
	return s
}

// Policy is one ValidatingAdmissionPolicy of a rule: its pod policy (or the
// only one of a rule that is not about pods), or one that judges the pod
// templates of a family of workloads.
type Policy struct {
	Rule *Rule
	// Template is the pod template path family ("" for the rule's own
	// policy): workloads, cronjobs or podtemplates.
	Template string
	VAP      *admissionregistrationv1.ValidatingAdmissionPolicy
	// Exact is set when the policy's expressions are the source's text, so
	// that a problem inside one maps to its place in the file.
	Exact bool
}

// Checked is a rule whose policies are all sound, its own policy first.
type Checked struct {
	Rule     *Rule
	Policies []*Policy
}
