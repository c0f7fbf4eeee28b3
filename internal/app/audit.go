// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"
	"slices"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/vapgen/vapgen/evaluator/report"
	"github.com/vapgen/vapgen/internal/live"
)

func auditCommand() *cli.Command {
	return withUsageErrors(&cli.Command{
		Name:  "audit",
		Usage: "judge what runs in a cluster with the generated policies, as labelled now or as if labelled --profile",
		UsageText: "vapgen audit [--manifests DIR|FILE]... [--kubeconfig FILE] [--context NAME] [--namespace NS]... [--selector SEL] " +
			"[--profile baseline|restricted] [--label-prefix P] [-o text|json|policyreport] [--write-reports] [--fail-on denied|error]",
		Description: "Lists the namespaces, every workload with a pod template and the pods of a cluster, page by page, and judges\n" +
			"each as a CREATE of it with the API server's own admission code and the policies of --manifests. Pods that a\n" +
			"listed workload controls are reported at the workload. For every namespace with denials it prints the smallest\n" +
			"set of opt-out labels that admits everything. --write-reports writes one PolicyReport per object (needs\n" +
			"kubectl apply -k manifests/reports/). Nothing else in the cluster changes.\n" +
			"Exit status: 0 when nothing is denied, 1 when something is (unless --fail-on error), 2 on usage, connection or permission errors.",
		Flags: append(liveFlags(),
			&cli.StringFlag{Name: "profile", Usage: "judge the namespaces as if labelled <prefix>/profile=baseline|restricted", DefaultText: "as labelled"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "text, json or policyreport", Value: "text"},
			&cli.BoolFlag{Name: "write-reports", Usage: "create or update a wgpolicyk8s.io/v1alpha2 PolicyReport per object, delete stale ones"},
			&cli.StringFlag{Name: "fail-on", Usage: "denied: exit 1 when something is denied; error: only errors fail (a CronJob)", Value: "denied"},
			&cli.Int64Flag{Name: "page-size", Usage: "objects per list request", Value: live.DefaultPageSize},
		),
		Before: noArgs,
		Action: runAudit,
	})
}

func runAudit(c *cli.Context) error {
	format := c.String("output")
	if !slices.Contains([]string{"text", "json", "policyreport"}, format) {
		return usageErrorf("audit: unknown output format %q (want text, json or policyreport)", format)
	}
	profile := c.String("profile")
	if c.IsSet("profile") && profile != "baseline" && profile != "restricted" {
		return usageErrorf("audit: --profile %q: want baseline or restricted", profile)
	}
	if f := c.String("fail-on"); f != "denied" && f != "error" {
		return usageErrorf("audit: --fail-on %q: want denied or error", f)
	}
	if c.Int64("page-size") < 1 {
		return usageErrorf("audit: --page-size must be at least 1")
	}
	scope, err := scopeOf(c, "audit")
	if err != nil {
		return err
	}
	set, ev, err := judging(c)
	if err != nil {
		return err
	}
	prefix, err := labelPrefix(c, "audit", set, profile != "")
	if err != nil {
		return err
	}
	clients, err := connect(c, "audit")
	if err != nil {
		return err
	}
	rules := live.NewRules(set, prefix)
	opts := live.Options{Clients: clients, Evaluator: ev, Rules: rules, Scope: scope, PageSize: c.Int64("page-size"), Progress: c.App.ErrWriter}
	if profile != "" {
		opts.Relabel = live.WithProfile(prefix, profile)
	}
	writer := &live.Writer{Clients: clients}
	if c.Bool("write-reports") {
		opts.Ready = func(namespaces []string) error { return writer.Preflight(c.Context, namespaces) }
	}
	res, err := live.Audit(c.Context, opts)
	if err != nil {
		return clusterError("audit", err)
	}
	fmt.Fprintf(c.App.ErrWriter, "vapgen: audit: judged %s (%s) in %s in %.1fs (%.0f objects/s)\n",
		plural(res.Judged, "object"), plural(res.Pods, "pod"), plural(len(res.Namespaces), "namespace"), res.Elapsed.Seconds(), float64(res.Judged)/res.Elapsed.Seconds())
	now := time.Now()
	switch format {
	case "text":
		err = live.WriteText(c.App.Writer, res, prefix)
	case "json":
		err = live.WriteJSON(c.App.Writer, res)
	case "policyreport":
		err = report.WriteReports(c.App.Writer, live.Reports(res, rules, now))
	}
	if err != nil {
		return err
	}
	if c.Bool("write-reports") {
		if err := writeReports(c, writer, res, rules, scope, now); err != nil {
			return err
		}
	}
	return auditExit(res, c.String("fail-on"))
}

func writeReports(c *cli.Context, w *live.Writer, res *live.Result, rules *live.Rules, scope live.Scope, now time.Time) error {
	var namespaces []string
	if !scope.All() {
		for _, s := range res.Namespaces {
			namespaces = append(namespaces, s.Name)
		}
	}
	reports := live.Reports(res, rules, now)
	stats, err := w.Write(c.Context, reports, namespaces)
	if err != nil {
		return clusterError("audit", err)
	}
	fmt.Fprintf(c.App.ErrWriter, "vapgen: audit: %d reports: %d created, %d updated, %d unchanged, %d stale deleted\n",
		len(reports), stats.Created, stats.Updated, stats.Unchanged, stats.Deleted)
	return nil
}

func auditExit(res *live.Result, failOn string) error {
	broken, denied := res.Errors(), res.Denied()
	failing := 0
	for _, s := range res.Namespaces {
		if s.Denied > 0 {
			failing++
		}
	}
	switch {
	case broken > 0:
		return &exitError{code: ExitUsage, msg: fmt.Sprintf("audit: %d of %d resources could not be judged", broken, len(res.Resources))}
	case denied > 0 && failOn == "denied":
		return &exitError{code: ExitInvalid, msg: fmt.Sprintf("audit: %d of %s denied, in %d of %s", denied, plural(len(res.Resources), "resource"), failing, plural(len(res.Namespaces), "namespace"))}
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
