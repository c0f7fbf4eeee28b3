// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
	"github.com/vapgen/vapgen/internal/suites"
)

// DefaultSuitesOut is where vapgen suites writes by default.
const DefaultSuitesOut = "chainsaw-tests/policies"

func suitesCommand() *cli.Command {
	return withUsageErrors(&cli.Command{
		Name:      "suites",
		Usage:     "generate Chainsaw end-to-end tests from the policies' example pods",
		UsageText: "vapgen suites [--policies DIR]... [--overlays DIR] [--config FILE] [--label-prefix PREFIX] [--out DIR]",
		Description: "Generates the policies as vapgen generate does (same flags and config file) and writes one Chainsaw test\n" +
			"file, <out>/<vap-name>/chainsaw-test.yaml, per pod rule whose policy has example pods in testdata/good/*.yaml\n" +
			"and testdata/bad/*.yaml next to it: in a namespace labelled with the rule's profile the good pods are admitted\n" +
			"and the bad pods are denied by the rule's own ValidatingAdmissionPolicy; with the rule's opt-out label they are\n" +
			"admitted; a Deployment of a bad pod is denied by <vap-name>-workloads. A bad pod that other rules deny too is\n" +
			"tested where those rules are opted out. Every expectation is checked offline first with the API server's\n" +
			"admission code (per-rule layout); a denial may also name the rule as the per-profile layout does ([<vap-name>] in\n" +
			"the message), so the suites hold for both layouts (--layout is ignored). Overlay rules get no suite. The directory is replaced as a whole; it must hold only files vapgen wrote.\n" +
			"Exit status: 0 on success, 1 when the input is invalid (nothing is written), 2 on usage errors.",
		Flags: append(sourceFlags(),
			&cli.StringFlag{Name: "out", Usage: "directory to write", DefaultText: DefaultSuitesOut},
		),
		Before: noArgs,
		Action: runSuites,
	})
}

func runSuites(c *cli.Context) error {
	// The same options as vapgen generate, so that the suites test exactly
	// the policies it writes.
	s, err := resolveGenerate(c)
	if err != nil {
		return err
	}
	out := DefaultSuitesOut
	if c.IsSet("out") {
		out = c.String("out")
	}
	if out == "" || out == "-" {
		return usageErrorf("suites: --out must be a directory")
	}
	// The suites are built from the rules, and their checks accept the
	// denials of either layout.
	s.opts.Layout = generator.PerRule
	result, problems := s.generate()
	for _, d := range problems {
		fmt.Fprintln(c.App.ErrWriter, d.String())
	}
	if result == nil {
		return invalidErrorf("%s; nothing was written", countErrors(problems))
	}
	printDiags(c, result.Warnings)
	files, diags := suites.Build(result.Units, suites.Options{LabelPrefix: s.opts.LabelPrefix})
	for _, d := range diags {
		fmt.Fprintln(c.App.ErrWriter, d.String())
	}
	if files == nil && diags.HasErrors() {
		return invalidErrorf("%s; nothing was written", countErrors(diags))
	}
	if err := output.WriteTree(out, files); err != nil {
		return invalidErrorf("writing %s: %v", out, err)
	}
	fmt.Fprintf(c.App.ErrWriter, "vapgen: wrote %d suites to %s\n", len(files), out)
	return nil
}
