package generator

import (
	"fmt"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/podtemplate"
)

// PodTemplateAnnotation marks a policy that judges the pod template of
// workloads, and says where the template is.
const PodTemplateAnnotation = "vapgen.io/pod-template"

// extendPodPolicy makes a pod rule's policy also judge ephemeral containers,
// and skip the updates Pod Security Admission does not judge again.
func extendPodPolicy(u *Unit) {
	coverEphemeralContainers(&u.Policy.Spec)
	u.prependConditions(&u.Policy.Spec, significantPodUpdate)
}

// addTemplatePolicies adds one policy per podTarget that judges the pod
// templates of its workloads, derived from base, the rule's pod policy
// before extendPodPolicy. It reports whether all of them are sound.
func (g *generation) addTemplatePolicies(u *Unit, base *admissionregistrationv1.ValidatingAdmissionPolicy) bool {
	ok := true
	for _, t := range podTargets {
		v, err := templatePolicy(base, u.Name, t)
		if err != nil {
			p := &problems{doc: u.Origin.Doc, subject: u.Origin.Subject()}
			p.add(u.sourceOf(err.field), fmt.Errorf("cannot judge the pod templates of %s (%s): %v; set controllers: off for this rule", strings.Join(t.Kinds, ", "), t.Field, err.err))
			p.report(&g.diags, false)
			ok = false
			continue
		}
		u.Policies = append(u.Policies, v)
		ok = g.check(u, v, false) && ok
	}
	return ok
}

type rewriteError struct {
	field string
	err   error
}

// templatePolicy derives the policy that judges the pod templates of a
// podTarget's kinds from a pod policy. Like the pod policy, it gets one
// generated matchCondition in front of the rule's own, so that both share
// the unit's source mapping.
func templatePolicy(base *admissionregistrationv1.ValidatingAdmissionPolicy, name string, t podTarget) (*admissionregistrationv1.ValidatingAdmissionPolicy, *rewriteError) {
	v := base.DeepCopy()
	v.Name = name + "-" + t.Suffix
	v.Annotations[PodTemplateAnnotation] = t.Field
	spec := &v.Spec
	mc := spec.MatchConstraints
	ops := podOperations(mc)
	mc.ResourceRules = nil
	for _, kind := range t.Kinds {
		k, err := resolveKind(kind)
		if err != nil {
			panic(err) // podTargets name built-in kinds only
		}
		mc.ResourceRules = append(mc.ResourceRules, ruleFor(k, ops, nil))
	}
	mc.ExcludeResourceRules = nil
	rw := func(field string, expr *string) *rewriteError {
		out, err := podtemplate.Rewrite(*expr, t.Template)
		if err != nil {
			return &rewriteError{field: field, err: err}
		}
		*expr = out
		return nil
	}
	prefix := "pod template (" + t.Field + "): "
	for i := range spec.Variables {
		if err := rw(fmt.Sprintf("spec.variables[%d].expression", i), &spec.Variables[i].Expression); err != nil {
			return nil, err
		}
	}
	for i := range spec.MatchConditions {
		if err := rw(fmt.Sprintf("spec.matchConditions[%d].expression", i), &spec.MatchConditions[i].Expression); err != nil {
			return nil, err
		}
	}
	for i := range spec.Validations {
		val := &spec.Validations[i]
		if err := rw(fmt.Sprintf("spec.validations[%d].expression", i), &val.Expression); err != nil {
			return nil, err
		}
		if val.Message != "" {
			val.Message = prefix + val.Message
		}
		if val.MessageExpression != "" {
			if err := rw(fmt.Sprintf("spec.validations[%d].messageExpression", i), &val.MessageExpression); err != nil {
				return nil, err
			}
			val.MessageExpression = strconv.Quote(prefix) + " + (" + val.MessageExpression + ")"
		}
	}
	for i := range spec.AuditAnnotations {
		if err := rw(fmt.Sprintf("spec.auditAnnotations[%d].valueExpression", i), &spec.AuditAnnotations[i].ValueExpression); err != nil {
			return nil, err
		}
	}
	spec.MatchConditions = append([]admissionregistrationv1.MatchCondition{changedTemplate(t)}, spec.MatchConditions...)
	return v, nil
}

// podOperations are the operations a pod policy judges pods for.
func podOperations(mc *admissionregistrationv1.MatchResources) []admissionregistrationv1.OperationType {
	var ops []admissionregistrationv1.OperationType
	for _, r := range mc.ResourceRules {
		if len(r.Resources) == 1 && r.Resources[0] == "pods" {
			for _, op := range r.Operations {
				if op == admissionregistrationv1.Create || op == admissionregistrationv1.Update {
					ops = append(ops, op)
				}
			}
		}
	}
	if len(ops) == 0 {
		return defaultOperations
	}
	return sortedOps(ops)
}

func sortedOps(ops []admissionregistrationv1.OperationType) []admissionregistrationv1.OperationType {
	var out []admissionregistrationv1.OperationType
	for _, want := range []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update} {
		for _, op := range ops {
			if op == want {
				out = append(out, op)
				break
			}
		}
	}
	return out
}
