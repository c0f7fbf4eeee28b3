// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package podrules is the generator's pod stage. A rule that judges Pods
// (and nothing else) must hold on every path a pod takes into the cluster:
// its policy also matches the pods/ephemeralcontainers subresource and skips
// the updates Pod Security Admission does not judge again, and one policy per
// family of workload kinds judges their pod templates, its CEL rewritten on
// the syntax tree to read the template (generator/podtemplate).
package podrules

import (
	"fmt"
	"slices"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/podtemplate"
)

// Target is a family of workload kinds that keep a pod template at the same
// place; each gets its own ValidatingAdmissionPolicy per pod rule.
type Target struct {
	// Suffix is appended to the rule's name.
	Suffix string
	Kinds  []string
	// Field is where the pod template is, for messages.
	Field    string
	Template podtemplate.Template
}

// Targets are the families of workload kinds, in the order of their policies.
var Targets = []Target{
	{
		Suffix:   "workloads",
		Kinds:    []string{"DaemonSet", "Deployment", "Job", "ReplicaSet", "ReplicationController", "StatefulSet"},
		Field:    "spec.template",
		Template: podtemplate.Template{Spec: []string{"spec", "template", "spec"}, Metadata: []string{"spec", "template", "metadata"}},
	},
	{
		Suffix:   "cronjobs",
		Kinds:    []string{"CronJob"},
		Field:    "spec.jobTemplate.spec.template",
		Template: podtemplate.Template{Spec: []string{"spec", "jobTemplate", "spec", "template", "spec"}, Metadata: []string{"spec", "jobTemplate", "spec", "template", "metadata"}},
	},
	{
		Suffix:   "podtemplates",
		Kinds:    []string{"PodTemplate"},
		Field:    "template",
		Template: podtemplate.Template{Spec: []string{"template", "spec"}, Metadata: []string{"template", "metadata"}},
	},
}

// IsPodRule reports whether a policy matches Pods and nothing else: such a
// rule is extended to ephemeral containers and pod templates.
func IsPodRule(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec) bool {
	return IsPodMatch(spec.MatchConstraints)
}

// IsPodMatch reports whether match constraints select Pods (and their
// ephemeralcontainers subresource) and nothing else.
func IsPodMatch(mc *admissionregistrationv1.MatchResources) bool {
	if mc == nil || len(mc.ResourceRules) == 0 {
		return false
	}
	sawPods := false
	for _, r := range mc.ResourceRules {
		if !slices.Equal(r.APIGroups, []string{""}) || !slices.Equal(r.APIVersions, []string{"v1"}) {
			return false
		}
		for _, res := range r.Resources {
			switch res {
			case "pods":
				sawPods = true
			case "pods/ephemeralcontainers":
			default:
				return false
			}
		}
	}
	return sawPods
}

// coverEphemeralContainers makes a pod policy also match the
// pods/ephemeralcontainers subresource, through which `kubectl debug` adds
// containers to running pods.
func coverEphemeralContainers(spec *admissionregistrationv1.ValidatingAdmissionPolicySpec) {
	for _, r := range spec.MatchConstraints.ResourceRules {
		if slices.Contains(r.Resources, "pods/ephemeralcontainers") {
			return
		}
	}
	scope := admissionregistrationv1.NamespacedScope
	spec.MatchConstraints.ResourceRules = append(spec.MatchConstraints.ResourceRules, admissionregistrationv1.NamedRuleWithOperations{
		RuleWithOperations: admissionregistrationv1.RuleWithOperations{
			Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Update},
			Rule: admissionregistrationv1.Rule{
				APIGroups: []string{""}, APIVersions: []string{"v1"},
				Resources: []string{"pods/ephemeralcontainers"}, Scope: &scope,
			},
		},
	})
}

// significantPodUpdate skips updates that Pod Security Admission does not
// judge again (isSignificantPodUpdate): those that change no container image,
// add no container and add (or change the image of) no ephemeral container.
// Pod specs are otherwise immutable, so a metadata-only update of an old pod
// is admitted as PSA admits it. Ephemeral containers can only be appended,
// so comparing their name/image lists is PSA's test at linear cost.
var significantPodUpdate = admissionregistrationv1.MatchCondition{
	Name: "vapgen-significant-pod-update",
	Expression: `request.operation != 'UPDATE' || ` +
		`object.spec.containers.map(c, c.image) != oldObject.spec.containers.map(c, c.image) || ` +
		`object.spec.?initContainers.orValue([]).map(c, c.image) != oldObject.spec.?initContainers.orValue([]).map(c, c.image) || ` +
		`object.spec.?ephemeralContainers.orValue([]).map(c, c.name + '/' + c.image) != oldObject.spec.?ephemeralContainers.orValue([]).map(c, c.name + '/' + c.image)`,
}

// changedTemplate skips workload updates that leave the pod template as it
// was, such as scaling, so that old workloads keep working.
func changedTemplate(t Target) admissionregistrationv1.MatchCondition {
	return admissionregistrationv1.MatchCondition{
		Name:       "vapgen-changed-pod-template",
		Expression: fmt.Sprintf("request.operation != 'UPDATE' || object.%s != oldObject.%s", t.Field, t.Field),
	}
}
