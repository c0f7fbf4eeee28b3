// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package convert

import (
	"encoding/json"
	"regexp"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator/internal/report"
	"github.com/vapgen/vapgen/generator/kyverno"
)

// The requester, in CEL; fields left out when empty read as empty.
const (
	requestUser   = `request.userInfo.?username.orValue("")`
	requestGroups = `request.userInfo.?groups.orValue([])`
)

// SubjectsExpr matches the requesting user: by user name, group or
// service account.
func SubjectsExpr(raw json.RawMessage, path *field.Path, p *report.Problems) string {
	var subjects []kyverno.Subject
	if err := json.Unmarshal(raw, &subjects); err != nil {
		p.Errorf(path, "cannot read subjects: %v", err)
		return "false"
	}
	var alts []string
	for i, s := range subjects {
		switch s.Kind {
		case "User":
			alts = append(alts, userGlob(s.Name))
		case "Group":
			alts = append(alts, requestGroups+".exists(g, "+Glob("g", s.Name)+")")
		case "ServiceAccount":
			if s.Namespace == "" {
				p.Errorf(path.Index(i).Child("namespace"), "a ServiceAccount subject needs its namespace")
				continue
			}
			alts = append(alts, userGlob("system:serviceaccount:"+s.Namespace+":"+s.Name))
		default:
			p.Errorf(path.Index(i).Child("kind"), "unknown subject kind %q (want User, Group or ServiceAccount)", s.Kind)
		}
	}
	if len(alts) == 0 {
		return "false"
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " || ") + ")"
}

func userGlob(pattern string) string { return Glob(requestUser, pattern) }

// Glob matches expr against a Kyverno wildcard pattern: `*` is any run
// of characters, `?` any one character.
func Glob(expr, pattern string) string {
	switch {
	case pattern == "*":
		return "true"
	case !strings.ContainsAny(pattern, "*?"):
		return expr + " == " + CELString(pattern)
	}
	return expr + ".matches(" + CELString(GlobRegexp(pattern)) + ")"
}

// GlobRegexp is a Kyverno wildcard pattern as an anchored regular
// expression.
func GlobRegexp(pattern string) string {
	re := regexp.QuoteMeta(pattern)
	return "^" + strings.NewReplacer(`\*`, `.*`, `\?`, `.`).Replace(re) + "$"
}

// Names of the matchConditions that select requests by their subjects.
const (
	matchSubjectsCondition   = "vapgen-match-subjects"
	excludeSubjectsCondition = "vapgen-exclude-subjects"
)

// subjectConditions are the matchConditions of a rule's subjects: the
// requester must be one its match names and none its exclude entries with
// only subjects name. The other forms are reported by convertMatch and
// applyExclude. Sources maps each condition to its block.
func subjectConditions(match kyverno.MatchResources, exclude *kyverno.MatchResources, path *field.Path, p *report.Problems) ([]admissionregistrationv1.MatchCondition, map[string]*field.Path) {
	var conds []admissionregistrationv1.MatchCondition
	at := map[string]*field.Path{}
	if subjects, where := matchSubjects(match, path.Child("match")); len(subjects) > 0 {
		conds = append(conds, admissionregistrationv1.MatchCondition{Name: matchSubjectsCondition, Expression: SubjectsExpr(subjects, where, p)})
		at[matchSubjectsCondition] = where
	}
	if exclude == nil {
		return conds, at
	}
	var alts []string
	add := func(e kyverno.ResourceFilter, at *field.Path) {
		if e.Resources == nil && len(e.Subjects) > 0 {
			alts = append(alts, SubjectsExpr(e.Subjects, at.Child("subjects"), p))
		}
	}
	ex := path.Child("exclude")
	for i, e := range exclude.Any {
		add(e, ex.Child("any").Index(i))
	}
	for i, e := range exclude.All {
		add(e, ex.Child("all").Index(i))
	}
	add(kyverno.ResourceFilter{UserInfo: exclude.UserInfo, Resources: exclude.Resources}, ex)
	if len(alts) > 0 {
		conds = append(conds, admissionregistrationv1.MatchCondition{Name: excludeSubjectsCondition, Expression: "!(" + strings.Join(alts, " || ") + ")"})
		at[excludeSubjectsCondition] = path.Child("exclude")
	}
	return conds, at
}

// matchSubjects are the subjects of a match block, which convertMatch
// requires to be the same in every entry.
func matchSubjects(m kyverno.MatchResources, path *field.Path) (json.RawMessage, *field.Path) {
	switch {
	case len(m.Any) > 0:
		return m.Any[0].Subjects, path.Child("any").Index(0).Child("subjects")
	case len(m.All) > 0:
		return m.All[0].Subjects, path.Child("all").Index(0).Child("subjects")
	}
	return m.Subjects, path.Child("subjects")
}
