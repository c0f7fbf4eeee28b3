// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"slices"
	"unicode/utf8"

	"github.com/google/cel-go/cel"
	celast "github.com/google/cel-go/common/ast"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// A Repair is one rewrite of RepairOptionalSelects.
type Repair struct {
	// Issue says where, in the expression as it was written, and why.
	Issue
	// Inserted is the column of the inserted `?` in the rewritten line.
	Inserted int
}

// RepairOptionalSelects rewrites, in every expression of spec, a field
// selected with `.` right before an optional method (`a.b.orValue(x)`)
// into an optional selection (`a.?b.orValue(x)`), and returns the
// rewrites. The call has no overload for the selected value: cel-go 0.28
// and later (kube-apiserver 1.37) evaluate it to an error, 0.27 and earlier
// (1.30 to 1.36) returned the value itself from orValue and or. The
// rewrite gives that value where the field is set, the default where it is
// not (which was an error on every version), and changes nothing where
// the value already was optional (`.b` of an optional is `.?b`). A
// selection from `variables` is kept: a variable may hold an optional.
func RepairOptionalSelects(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec) []Repair {
	return repairAll(expressionsOf(spec), func(e Expr) *string { return e.text(spec) })
}

// RepairMutatingOptionalSelects is RepairOptionalSelects for a
// MutatingAdmissionPolicy.
func RepairMutatingOptionalSelects(spec *admissionregistrationv1.MutatingAdmissionPolicySpec) []Repair {
	return repairAll(mutatingExpressionsOf(spec), func(e Expr) *string { return e.mutatingText(spec) })
}

func repairAll(exprs []expression, textOf func(Expr) *string) []Repair {
	env, err := parseEnv()
	if err != nil {
		return nil
	}
	var out []Repair
	for _, e := range exprs {
		text := textOf(e.expr)
		if text == nil {
			continue
		}
		repaired, repairs := repairText(env, *text)
		for i := range repairs {
			repairs[i].Field, repairs[i].Expr = e.field, e.expr
		}
		*text = repaired
		out = append(out, repairs...)
	}
	return out
}

// repairText inserts `?` after the `.` of each repairable selection.
func repairText(env *cel.Env, text string) (string, []Repair) {
	ast, iss := env.Parse(text)
	if iss.Err() != nil || !utf8.ValidString(text) {
		return text, nil
	}
	info := ast.NativeRep().SourceInfo()
	runes := []rune(text)
	var dots []int32
	for _, call := range misusedCalls(ast.NativeRep().Expr()) {
		sel := call.AsCall().Target()
		if sel.Kind() != celast.SelectKind || sel.AsSelect().IsTestOnly() {
			continue
		}
		if op := sel.AsSelect().Operand(); op.Kind() == celast.IdentKind && op.AsIdent() == "variables" {
			continue
		}
		r, ok := info.GetOffsetRange(sel.ID())
		if !ok || r.Start < 0 || int(r.Start) >= len(runes) || runes[r.Start] != '.' {
			continue
		}
		dots = append(dots, r.Start)
	}
	if len(dots) == 0 {
		return text, nil
	}
	slices.Sort(dots)
	dots = slices.Compact(dots)
	var repairs []Repair
	for i := len(dots) - 1; i >= 0; i-- {
		runes = slices.Insert(runes, int(dots[i])+1, '?')
	}
	for i, dot := range dots {
		loc := info.GetLocationByOffset(dot)
		before := 0
		for _, d := range dots[:i] {
			if info.GetLocationByOffset(d).Line() == loc.Line() {
				before++
			}
		}
		repairs = append(repairs, Repair{
			Issue:    Issue{Line: loc.Line(), Column: loc.Column(), Runtime: true, Message: repairMessage},
			Inserted: loc.Column() + 1 + before,
		})
	}
	return string(runes), repairs
}

const repairMessage = "this field is selected with `.` right before an optional method, which such a value does not have: kube-apiserver 1.37 evaluates the call to an error (\"no such overload\") and denies the request (1.36 and older return the field itself from orValue and or); vapgen selects it with `.?` (as in `a.?b.orValue(x)`), which gives the same value on every version"

// OriginalColumn maps a column of a rewritten expression's line back to
// the expression as it was written.
func OriginalColumn(repairs []Repair, expr Expr, line, column int) int {
	shift := 0
	for _, r := range repairs {
		if r.Expr == expr && r.Line == line && r.Inserted < column {
			shift++
		}
	}
	return column - shift
}
