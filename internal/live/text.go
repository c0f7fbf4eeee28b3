// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"
)

// WriteText writes an audit for people: a table of the namespaces, one
// line per denied (or warned) resource with the API server's message, per
// failing namespace the rules that deny and the kubectl label line of
// the smallest set of opt-out labels that admits everything, and a summary.
func WriteText(w io.Writer, res *Result, prefix string) error {
	bw := bufio.NewWriter(w)
	tw := tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAMESPACE\tLABELS\tRESOURCES\tPODS\tDENIED\tWARNED")
	for _, s := range res.Namespaces {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\n", s.Name, shortLabels(s, prefix), s.Resources, s.Pods, s.Denied, s.Warned)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := false
	for _, r := range res.Resources {
		line := resourceLine(r)
		if line == "" {
			continue
		}
		if !lines {
			fmt.Fprintln(bw)
			lines = true
		}
		fmt.Fprintln(bw, line)
	}
	first := true
	for _, s := range res.Namespaces {
		if s.Denied == 0 {
			continue
		}
		if first {
			fmt.Fprintln(bw)
			first = false
		}
		writeFix(bw, s)
	}
	fmt.Fprintln(bw, totals(res))
	return bw.Flush()
}

// shortLabels shows a namespace's vapgen mode labels without the prefix,
// and how many rules it opts out of.
func shortLabels(s *NamespaceSummary, prefix string) string {
	var parts []string
	optOuts := 0
	for k, v := range s.Labels {
		name := strings.TrimPrefix(k, prefix+"/")
		if v == excludeValue && !slices.Contains(modeLabels, name) {
			optOuts++
			continue
		}
		parts = append(parts, name+"="+v)
	}
	sort.Strings(parts)
	out := strings.Join(parts, ",")
	if optOuts > 0 {
		if out != "" {
			out += ","
		}
		out += plural(optOuts, "opt-out")
	}
	if out == "" {
		out = "-"
	}
	if s.Simulated {
		out += " (as if)"
	}
	return out
}

// resourceLine is "denied <ref> [in namespace <ns>] [(N pods)]: <message>",
// "warned ...: <first warning>" or "error ...: <why>"; "" for a resource
// that passes.
func resourceLine(r *Resource) string {
	verdict, msg := "", ""
	switch {
	case r.Err != "":
		verdict, msg = "error", r.Err
	case r.Denied:
		verdict, msg = "denied", r.Message
	case len(r.Warnings) > 0:
		verdict, msg = "warned", r.Warnings[0]
		if n := len(r.Warnings) - 1; n > 0 {
			msg += fmt.Sprintf(" (and %d more)", n)
		}
	default:
		return ""
	}
	where := ""
	if r.Ref.Namespace != "" {
		where = " in namespace " + r.Ref.Namespace
	}
	if r.Pods > 0 {
		where += fmt.Sprintf(" (%s)", plural(r.Pods, "pod"))
	}
	return fmt.Sprintf("%s %s%s: %s", verdict, refName(r.Ref), where, msg)
}

// writeFix writes what denies in a namespace and the labels that lift it.
func writeFix(w io.Writer, s *NamespaceSummary) {
	var by []string
	for rule, n := range s.DeniedByRule {
		by = append(by, fmt.Sprintf("%s %d", rule, n))
	}
	sort.Strings(by)
	fmt.Fprintf(w, "%s: %d of %s denied (%s)\n", s.Name, s.Denied, plural(s.Resources, "resource"), strings.Join(by, ", "))
	if len(s.OptOut) > 0 {
		fmt.Fprintf(w, "  to admit them, opt out of %s:\n  %s\n", plural(len(s.OptOut), "rule"), KubectlLabel(s.Name, s.OptOut))
	}
	for _, u := range s.Unliftable {
		fmt.Fprintf(w, "  no opt-out label lifts %s: fix the objects\n", u)
	}
}

// KubectlLabel is the command that labels a namespace with opt-out labels.
func KubectlLabel(namespace string, optOut []string) string {
	parts := []string{"kubectl label namespace " + namespace}
	for _, k := range optOut {
		parts = append(parts, k+"="+excludeValue)
	}
	return strings.Join(parts, " ")
}

func totals(res *Result) string {
	var namespaces, workloads, bare int
	for _, r := range res.Resources {
		switch {
		case r.Ref.Kind == "Namespace" && r.Ref.Namespace == "":
			namespaces++
		case r.Ref.Kind == "Pod":
			bare++
		default:
			workloads++
		}
	}
	warned := 0
	for _, r := range res.Resources {
		if len(r.Warnings) > 0 {
			warned++
		}
	}
	return fmt.Sprintf("%s (%s, %s, %s; %s judged): %d denied, %d warned, %d not evaluated",
		plural(len(res.Resources), "resource"), plural(namespaces, "namespace"), plural(workloads, "workload"), plural(bare, "pod"),
		plural(res.Pods, "pod"), res.Denied(), warned, res.Errors())
}

// refName names an object like kubectl: kind.group/name.
func refName(ref corev1.ObjectReference) string {
	kind := strings.ToLower(ref.Kind)
	if group, _, ok := strings.Cut(ref.APIVersion, "/"); ok {
		kind += "." + group
	}
	return kind + "/" + ref.Name
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
