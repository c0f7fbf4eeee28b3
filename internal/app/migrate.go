// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/live"
)

func migrateCommand() *cli.Command {
	return withUsageErrors(&cli.Command{
		Name:  "migrate",
		Usage: "map Pod Security Admission's namespace labels and configuration to vapgen's",
		UsageText: "vapgen migrate --from-psa [--admission-config FILE] [--manifests DIR|FILE]... [--kubeconfig FILE] [--context NAME] " +
			"[--namespace NS]... [--selector SEL] [--label-prefix P] [-o text|kubectl|patch|config|json] [--check-workloads]",
		Description: "Reads every namespace's pod-security.kubernetes.io/{enforce,warn,audit} and -version labels (and, with\n" +
			"--admission-config, PSA's defaults and exemptions) and prints the equivalent vapgen labels as kubectl label lines\n" +
			"and as a kustomize patch, and the vapgen.yaml settings (defaultProfile, exemptions). --check-workloads also judges\n" +
			"the running objects with vapgen (as labelled so) and with PSA's own checks and lists every difference.\n" +
			"Exit status: 0; 1 when --check-workloads finds a difference; 2 on usage, connection or permission errors.",
		Flags: append(liveFlags(),
			&cli.BoolFlag{Name: "from-psa", Usage: "migrate from Pod Security Admission (required: the only source so far)"},
			&cli.StringFlag{Name: "admission-config", Usage: "kube-apiserver's --admission-control-config-file (or a PodSecurityConfiguration): PSA's defaults and exemptions", DefaultText: "PSA's built-in defaults"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: strings.Join(live.MigrationFormats, ", "), Value: "text"},
			&cli.BoolFlag{Name: "check-workloads", Usage: "judge the running objects with vapgen and with PSA and list the differences"},
		),
		Before: noArgs,
		Action: runMigrate,
	})
}

func runMigrate(c *cli.Context) error {
	if !c.Bool("from-psa") {
		return usageErrorf("migrate: say what to migrate from: --from-psa")
	}
	format := c.String("output")
	if !slices.Contains(live.MigrationFormats, format) {
		return usageErrorf("migrate: unknown output format %q (want one of %s)", format, strings.Join(live.MigrationFormats, ", "))
	}
	scope, err := scopeOf(c, "migrate")
	if err != nil {
		return err
	}
	psa, err := psaConfig(c)
	if err != nil {
		return err
	}
	set, ev, err := judging(c)
	if err != nil {
		return err
	}
	prefix, err := labelPrefix(c, "migrate", set, c.Bool("check-workloads"))
	if err != nil {
		return err
	}
	clients, err := connect(c, "migrate")
	if err != nil {
		return err
	}
	namespaces, err := live.Namespaces(c.Context, clients, scope)
	if err != nil {
		return clusterError("migrate", err)
	}
	server, err := live.ServerVersion(clients)
	if err != nil {
		return clusterError("migrate", err)
	}
	m := live.Migrate(namespaces, psa, prefix, pssVersion(set), server)
	var comparison *live.PSAComparison
	if c.Bool("check-workloads") {
		if comparison, err = live.NewPSAComparison(m); err != nil {
			return err
		}
		_, err := live.Audit(c.Context, live.Options{Clients: clients, Evaluator: ev, Rules: live.NewRules(set, prefix), Scope: scope,
			Relabel: comparison.Relabel, Observe: comparison.Observe, Progress: c.App.ErrWriter})
		if err != nil {
			return clusterError("migrate", err)
		}
	}
	if err := live.WriteMigration(c.App.Writer, format, m, comparison); err != nil {
		return err
	}
	if comparison != nil && len(comparison.Differences) > 0 {
		return invalidErrorf("migrate: vapgen would judge %d of %s differently from PSA", len(comparison.Differences), plural(comparison.Compared, "running object"))
	}
	return nil
}

// psaConfig reads --admission-config; its problems are usage errors that
// name file:line:col.
func psaConfig(c *cli.Context) (*live.PSAConfig, error) {
	path := c.String("admission-config")
	if path == "" {
		return live.BuiltInPSA(), nil
	}
	cfg, err := live.LoadPSAConfig(path)
	var located diag.List
	switch {
	case errors.As(err, &located):
		var lines []string
		for _, d := range located {
			lines = append(lines, d.String())
		}
		return nil, usageErrorf("migrate: --admission-config:\n%s", strings.Join(lines, "\n"))
	case err != nil:
		return nil, usageErrorf("migrate: --admission-config %s: %v", path, unwrapPath(err))
	}
	return cfg, nil
}

// pssVersion is the Pod Security Standards version the policies implement
// (their vapgen.io/pss-version annotations), "" when they name none, and
// the versions joined when they disagree.
func pssVersion(set *evaluator.Set) string {
	found := map[string]bool{}
	for _, p := range set.Policies() {
		if v := p.Annotations["vapgen.io/pss-version"]; v != "" {
			found[v] = true
		}
	}
	var out []string
	for v := range found {
		out = append(out, v)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}
