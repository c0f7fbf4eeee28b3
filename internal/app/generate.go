// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"
	"path"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
	"github.com/vapgen/vapgen/internal/config"
	"github.com/vapgen/vapgen/internal/diag"
)

func generateCommand() *cli.Command {
	return withUsageErrors(&cli.Command{
		Name:      "generate",
		Usage:     "generate ValidatingAdmissionPolicies and bindings from Kyverno CEL policies",
		UsageText: "vapgen generate [--policies DIR]... [--overlays DIR] [--crds DIR]... [--config FILE] [--out DIR|-] [--label-prefix PREFIX] [--layout per-rule|per-profile] [--kubernetes-version 1.N] [--pss-version latest|v1.N] [--strict] [--skip-unsupported] [--allow-empty] [--format kustomize|static-manifests [--apiserver-dir DIR]]",
		Description: "Reads every Kyverno ClusterPolicy, Policy, ValidatingPolicy and MutatingPolicy under the policy directories,\n" +
			"turns each rule into a ValidatingAdmissionPolicy and a binding (each MutatingPolicy into a MutatingAdmissionPolicy),\n" +
			"applies the PolicyExceptions found there as the exclusions Kyverno makes, checks every CEL expression with the API server's own CEL\n" +
			"environment and writes a kustomize tree (or, with --out -, one YAML stream to standard output). With\n" +
			"--format static-manifests it writes the same policies as files for kube-apiserver 1.37 to load at startup\n" +
			"(names ending in .static.k8s.io) and the AdmissionConfiguration that points it at them.\n" +
			"Exit status: 0 on success, 1 when any input is invalid (every problem is reported), 2 on usage errors.",
		Flags: append(sourceFlags(),
			&cli.StringFlag{Name: "out", Usage: "directory to write, or - for standard output", DefaultText: "manifests"},
			&cli.BoolFlag{Name: "skip-unsupported", Usage: "skip rules that cannot become a ValidatingAdmissionPolicy (and exceptions that cannot become an exclusion), with a warning, instead of failing"},
			&cli.StringFlag{Name: "format", Usage: "kustomize: a kustomize tree of API objects; static-manifests: files kube-apiserver loads at startup, which nobody can delete or change through the API (needs --out DIR)", DefaultText: formatKustomize},
			&cli.StringFlag{Name: "apiserver-dir", Usage: "with --format static-manifests: the absolute path at which kube-apiserver reads the --out directory", DefaultText: output.DefaultAPIServerDir},
			&cli.BoolFlag{Name: "allow-empty", Usage: "write the output even when no policy was found (only the label guard): synced with pruning, it deletes every policy"},
		),
		Before: noArgs,
		Action: runGenerate,
	})
}

// sourceFlags are the flags that say what to generate from, shared by the
// commands that generate (generate, suites).
func sourceFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "policies", Usage: "file or directory of Kyverno policies, read recursively (repeatable)", DefaultText: "policies"},
		&cli.StringFlag{Name: "overlays", Usage: "directory of overlays", DefaultText: "overlays"},
		&cli.StringSliceFlag{Name: "crds", Usage: "file or directory of CustomResourceDefinitions that define the custom kinds policies name, read recursively (repeatable)"},
		&cli.StringFlag{Name: "config", Usage: "config file", DefaultText: config.DefaultFile + " if present"},
		&cli.StringFlag{Name: "label-prefix", Usage: "prefix of the namespace labels the bindings select on", DefaultText: generator.DefaultLabelPrefix},
		&cli.StringFlag{Name: "layout", Usage: "per-rule: one policy per rule; per-profile: one policy per profile, opt-out labels read by CEL", DefaultText: string(generator.PerRule)},
		&cli.StringFlag{Name: "kubernetes-version", Usage: "the oldest kube-apiserver (1.30 to 1.37) the output must work on: every expression must compile on each from it to 1.37", DefaultText: "1.30"},
		&cli.BoolFlag{Name: "strict", Usage: "make the type checker's findings (what kube-controller-manager lists in status.typeChecking) errors instead of warnings"},
		&cli.StringFlag{Name: "pss-version", Usage: "the Pod Security Standards version judged in namespaces without a version label: latest (v1.37) or v1.30 to v1.37", DefaultText: "latest"},
	}
}

// firstNonEmpty returns the first list that has a non-empty first element.
func firstNonEmpty(lists ...[]string) []string {
	for _, l := range lists {
		if len(l) > 0 && l[0] != "" {
			return l
		}
	}
	return nil
}

func runGenerate(c *cli.Context) error {
	s, err := resolveGenerate(c)
	if err != nil {
		return err
	}
	result, problems := s.generate()
	for _, d := range problems {
		fmt.Fprintln(c.App.ErrWriter, d.String())
	}
	if result == nil {
		return invalidErrorf("%s; nothing was written", countErrors(problems))
	}
	printDiags(c, result.Warnings)
	if !hasPolicies(result.Units) && !c.Bool("allow-empty") {
		return invalidErrorf("no policy found in %s; nothing was written (a tree with only the label guard, synced with pruning, deletes every policy; --allow-empty writes it)", strings.Join(s.opts.Policies, ", "))
	}
	if s.out == "-" {
		data, err := output.Stream(result)
		if err != nil {
			return err
		}
		printMutations(c, s, result)
		_, err = c.App.Writer.Write(data)
		return err
	}
	files, err := render(s, result)
	if err != nil {
		return err
	}
	if err := output.WriteTree(s.out, files); err != nil {
		return invalidErrorf("writing %s: %v", s.out, err)
	}
	fmt.Fprintf(c.App.ErrWriter, "vapgen: wrote %s to %s%s\n", summary(result.Units), s.out, warningCount(result.Warnings))
	printMutations(c, s, result)
	if s.format == formatStatic {
		fmt.Fprintf(c.App.ErrWriter, "vapgen: kube-apiserver reads it at %s: --admission-control-config-file=%s\n",
			s.apiserverDir, path.Join(s.apiserverDir, output.AdmissionConfigFile))
	}
	return nil
}

// render lays the units out as the files of --format.
func render(s *generateSettings, result *generator.Result) ([]output.File, error) {
	if s.format != formatStatic {
		return output.Tree(result)
	}
	files, err := output.StaticTree(result.Units, s.apiserverDir)
	if err != nil {
		return nil, err
	}
	return files, checkStatic(files)
}

// printMutations says where the MutatingAdmissionPolicies went, and why
// when they are not part of what the output applies.
func printMutations(c *cli.Context, s *generateSettings, result *generator.Result) {
	n := len(result.Mutations)
	if n == 0 {
		return
	}
	what := "1 MutatingAdmissionPolicy"
	if n > 1 {
		what = fmt.Sprintf("%d MutatingAdmissionPolicies", n)
	}
	version := s.opts.WithDefaults().KubernetesVersion
	switch {
	case s.format == formatStatic:
		fmt.Fprintf(c.App.ErrWriter, "vapgen: %s not written: the static form holds ValidatingAdmissionPolicies only; generate the kustomize tree for %s/\n", what, generator.MutateDir)
	case s.out == "-" && !result.MutationsListed:
		fmt.Fprintf(c.App.ErrWriter, "vapgen: %s left out of the stream: they need kube-apiserver >= 1.36 and --kubernetes-version is %s\n", what, version)
	case s.out == "-":
	case result.MutationsListed:
		fmt.Fprintf(c.App.ErrWriter, "vapgen: wrote %s and their bindings to %s\n", what, path.Join(s.out, generator.MutateDir))
	default:
		fmt.Fprintf(c.App.ErrWriter, "vapgen: wrote %s and their bindings to %s, which %s does not list: they need kube-apiserver >= 1.36 and --kubernetes-version is %s; apply it on its own on such clusters (kubectl apply -k %s)\n",
			what, path.Join(s.out, generator.MutateDir), path.Join(s.out, "kustomization.yaml"), version, path.Join(s.out, generator.MutateDir))
	}
}

// hasPolicies reports whether a generation has a policy besides the label
// guard.
func hasPolicies(units []*generator.Unit) bool {
	for _, u := range units {
		if u.Name != generator.GuardName && len(u.Policies) > 0 {
			return true
		}
	}
	return false
}

// printDiags prints the problems that did not stop a generation, and
// counts the rules --skip-unsupported left out.
func printDiags(c *cli.Context, warnings diag.List) {
	for _, d := range warnings {
		fmt.Fprintln(c.App.ErrWriter, d.String())
	}
	var parts []string
	if n := generator.SkippedRules(warnings); n > 0 {
		parts = append(parts, plural(n, "rule"))
	}
	if n := generator.SkippedExceptions(warnings); n > 0 {
		parts = append(parts, plural(n, "PolicyException"))
	}
	if len(parts) > 0 {
		fmt.Fprintf(c.App.ErrWriter, "vapgen: skipped %s (--skip-unsupported)\n", strings.Join(parts, " and "))
	}
}

// warningCount is the summary's note of the warnings, if any.
func warningCount(l diag.List) string {
	if len(l) == 0 {
		return ""
	}
	return " with " + plural(len(l), "warning")
}

func countErrors(l diag.List) string {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return plural(n, "error")
}

func summary(units []*generator.Unit) string {
	dirs := map[string]int{}
	policies, bindings := 0, 0
	var order []string
	for _, u := range units {
		group := u.Dir()
		if u.Overlay != "" {
			group = "overlay"
		}
		if dirs[group] == 0 {
			order = append(order, group)
		}
		dirs[group]++
		policies += len(u.Policies)
		bindings += len(u.Bindings)
	}
	var parts []string
	for _, d := range order {
		parts = append(parts, fmt.Sprintf("%d %s", dirs[d], d))
	}
	return fmt.Sprintf("%d policies and %d bindings (units: %s)", policies, bindings, strings.Join(parts, ", "))
}
