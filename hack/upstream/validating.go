// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
)

// tally counts how expected verdicts compare with vapgen's.
type tally struct {
	agree, total, notComparable int
	// msgs are the disagreements; uncompared says why each result that is
	// not comparable is not.
	msgs, uncompared []string
}

func (t *tally) add(o tally) {
	t.agree += o.agree
	t.total += o.total
	t.notComparable += o.notComparable
	t.msgs = append(t.msgs, o.msgs...)
	t.uncompared = append(t.uncompared, o.uncompared...)
}

func (t *tally) notCompared(ref, why string) {
	t.notComparable++
	t.uncompared = append(t.uncompared, ref+": "+why)
}

// compare counts one verdict: want and got are "denied" or "admitted"; an
// object not served is not comparable.
func (t *tally) compare(ref, want, got, msg string) {
	if got == notServed {
		t.notCompared(ref, msg+": the API server does not serve the version, no request can create it")
		return
	}
	t.total++
	if want == got {
		t.agree++
		return
	}
	line := fmt.Sprintf("%s: want %s, got %s", ref, want, got)
	if msg != "" {
		line += " (" + msg + ")"
	}
	t.msgs = append(t.msgs, line)
}

// notServed is the verdict on an object of a built-in kind at a version
// kube-apiserver 1.37 does not serve (the evaluator's 404).
const notServed = "not served"

// validating judges requests with the ValidatingAdmissionPolicies of one
// generation, in namespaces labelled profile: restricted, which every
// generated binding selects.
type validating struct {
	ev      *evaluator.Evaluator
	origins map[string]generator.Origin // by ValidatingAdmissionPolicy name
	skipped map[string]bool             // subjects of the skipped rules
}

// newValidating builds the evaluator; the params are the objects of the
// kinds the policies take as params.
func newValidating(result *generator.Result, objects []*unstructured.Unstructured) (*validating, error) {
	ev, err := evaluatorOf(result, paramsOf(result, objects), evaluator.WithFailures())
	if err != nil {
		return nil, err
	}
	v := &validating{ev: ev, origins: map[string]generator.Origin{}, skipped: map[string]bool{}}
	for _, u := range result.Units {
		for _, p := range u.Policies {
			v.origins[p.Name] = u.Origin
		}
	}
	for _, d := range result.Warnings {
		if d.Skipped {
			v.skipped[d.Subject] = true
		}
	}
	return v, nil
}

// generates reports whether a generated policy comes from the policy and
// rule (any rule when rule is empty).
func (v *validating) generates(policy, rule string) bool {
	for _, o := range v.origins {
		if o.Policy == policy && (rule == "" || o.Rule == rule) {
			return true
		}
	}
	return false
}

// verdict creates obj and says whether a generated policy of the policy and
// rule (any when empty) denied it, and why.
func (v *validating) verdict(obj *unstructured.Unstructured, policy, rule string, nss namespaces) (string, string) {
	profile := generator.Modes[0].LabelKey(generator.DefaultLabelPrefix)
	req := requestFor(obj, map[string]string{profile: string(generator.Restricted)}, nss)
	d, err := v.ev.Evaluate(context.Background(), req)
	if err != nil {
		return "an error", err.Error()
	}
	if d.Code == http.StatusNotFound {
		return notServed, d.Message
	}
	matched := 0
	for _, r := range d.Results {
		o, ok := v.origins[r.Policy]
		if !ok || policy != "" && o.Policy != policy || rule != "" && o.Rule != rule {
			continue
		}
		matched++
		if slices.Contains(r.Actions, admissionregistrationv1.Deny) && (r.Outcome == evaluator.OutcomeFail || r.Outcome == evaluator.OutcomeError) {
			return "denied", r.Policy + ": " + r.Message
		}
	}
	if matched == 0 {
		return "admitted", "no generated policy matched"
	}
	return "admitted", fmt.Sprintf("%d generated policies matched and passed", matched)
}

// runValidatingTest checks a converted validating policy against its
// folder's Kyverno CLI test: a "fail" must be denied by the policies
// generated from the result's policy and rule, a "pass" or "skip" admitted.
// Results vapgen cannot be judged on (an unknown resource, a rule left out
// or not generated, another result) are not comparable.
func runValidatingTest(dir string, crds []string, result *generator.Result) tally {
	var t tally
	c, err := readKyvernoTest(dir)
	if c == nil {
		if err != nil {
			t.msgs = append(t.msgs, err.Error())
		}
		return t
	}
	if extra := c.otherPolicies(dir); len(extra) > 0 {
		if all, err := generate(crds, append([]string{policyFileOf(dir)}, extra...)...); all != nil {
			result = all
		} else {
			t.msgs = append(t.msgs, fmt.Sprintf("generating with the test's other policies: %v", err))
		}
	}
	v, err := newValidating(result, nil)
	if err != nil {
		t.msgs = append(t.msgs, err.Error())
		return t
	}
	for _, r := range c.test.Results {
		policy := r.Policy[strings.LastIndex(r.Policy, "/")+1:]
		rule := strings.TrimPrefix(strings.TrimPrefix(r.Rule, "autogen-cronjob-"), "autogen-")
		why := v.uncomparable(r.Result, policy, rule)
		for _, name := range r.Resources {
			ref := r.Kind + "/" + name
			obj := c.resources[ref]
			switch {
			case why != "":
				t.notCompared(ref, why)
			case obj == nil:
				t.notCompared(ref, "not among the test's resources")
			default:
				got, msg := v.verdict(obj, policy, rule, c.nss)
				t.compare(ref, wantOf(r.Result), got, msg)
			}
		}
	}
	return t
}

// otherPolicies are the files of the policies the test names besides the
// folder's own.
func (c *kyvernoCase) otherPolicies(dir string) []string {
	var out []string
	for _, p := range c.test.Policies {
		if f := filepath.Join(c.dir, p); f != policyFileOf(dir) {
			out = append(out, f)
		}
	}
	return out
}

// uncomparable says why a result cannot be compared, or "".
func (v *validating) uncomparable(result, policy, rule string) string {
	subject := generator.Origin{Policy: policy, Rule: rule}.Subject()
	switch {
	case wantOf(result) == "":
		return fmt.Sprintf("result %q", result)
	case v.skipped[generator.Origin{Policy: policy}.Subject()] || v.skipped[subject]:
		return subject + " was skipped"
	case !v.generates(policy, rule):
		return "nothing was generated from " + subject
	}
	return ""
}

// wantOf is what a Kyverno result asks of the generated policies; empty
// for the results that say nothing about admission.
func wantOf(result string) string {
	switch result {
	case "fail":
		return "denied"
	case "pass", "skip":
		return "admitted"
	}
	return ""
}

func paramsOf(result *generator.Result, objects []*unstructured.Unstructured) []*unstructured.Unstructured {
	kinds := map[string]bool{}
	policies, _ := result.Objects()
	for _, p := range policies {
		if pk := p.Spec.ParamKind; pk != nil {
			kinds[pk.APIVersion+"/"+pk.Kind] = true
		}
	}
	var params []*unstructured.Unstructured
	for _, o := range objects {
		if kinds[o.GetAPIVersion()+"/"+o.GetKind()] {
			params = append(params, o)
		}
	}
	return params
}
