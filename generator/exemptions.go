package generator

import (
	"fmt"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// exemptionConditions are the matchConditions that skip exempt requests:
// those of exempt users, and for pod rules pods with an exempt runtime class.
// Exempt namespaces are left out by the bindings' selectors.
func exemptionConditions(e Exemptions, podRule bool) []admissionregistrationv1.MatchCondition {
	var out []admissionregistrationv1.MatchCondition
	if len(e.Usernames) > 0 {
		out = append(out, admissionregistrationv1.MatchCondition{
			Name:       "vapgen-exempt-usernames",
			Expression: fmt.Sprintf("!(request.userInfo.username in %s)", celStringList(e.Usernames)),
		})
	}
	if podRule && len(e.RuntimeClassNames) > 0 {
		out = append(out, admissionregistrationv1.MatchCondition{
			Name:       "vapgen-exempt-runtime-classes",
			Expression: fmt.Sprintf("!(object.spec.?runtimeClassName.orValue('') in %s)", celStringList(e.RuntimeClassNames)),
		})
	}
	return out
}

func celStringList(values []string) string {
	quoted := make([]string, 0, len(values))
	for _, v := range sortedCopy(values) {
		quoted = append(quoted, strconv.Quote(v))
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
