// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/live"
)

// liveFlags are the flags of the commands that read a cluster (audit,
// migrate): which cluster, which namespaces, which policies.
func liveFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "kubeconfig", Usage: "kubeconfig file", DefaultText: "$KUBECONFIG, ~/.kube/config, or the in-cluster config of a pod"},
		&cli.StringFlag{Name: "context", Usage: "kubeconfig context", DefaultText: "the current context"},
		&cli.DurationFlag{Name: "request-timeout", Usage: "timeout of each request to the API server", Value: 60 * time.Second},
		&cli.StringSliceFlag{Name: "namespace", Aliases: []string{"n"}, Usage: "audit only this namespace (repeatable, or comma-separated)", DefaultText: "all"},
		&cli.StringFlag{Name: "selector", Aliases: []string{"l"}, Usage: "audit only the namespaces with these labels (a label selector)"},
		&cli.StringSliceFlag{Name: "manifests", Usage: "ValidatingAdmissionPolicies and bindings to judge with (repeatable)", DefaultText: "manifests"},
		&cli.StringFlag{Name: "label-prefix", Usage: "prefix of vapgen's namespace labels", DefaultText: "the one the bindings of --manifests select on"},
	}
}

// clusterError makes an error of package live a usage-class error (exit 2)
// of the command.
func clusterError(cmd string, err error) error {
	var le *live.Error
	if errors.As(err, &le) {
		return &exitError{code: ExitUsage, msg: cmd + ": " + le.Msg}
	}
	return &exitError{code: ExitUsage, msg: cmd + ": " + err.Error()}
}

// connectCluster connects; tests replace it with fake clients.
var connectCluster = live.Connect

func connect(c *cli.Context, cmd string) (*live.Clients, error) {
	clients, err := connectCluster(live.ConnectOptions{Kubeconfig: c.String("kubeconfig"), Context: c.String("context"),
		Timeout: c.Duration("request-timeout"), QPS: 100, Burst: 200})
	if err != nil {
		return nil, clusterError(cmd, err)
	}
	return clients, nil
}

// scopeOf reads --namespace and --selector, which exclude each other.
func scopeOf(c *cli.Context, cmd string) (live.Scope, error) {
	var names []string
	for _, n := range c.StringSlice("namespace") {
		for _, part := range strings.Split(n, ",") {
			if part = strings.TrimSpace(part); part != "" && !slices.Contains(names, part) {
				names = append(names, part)
			}
		}
	}
	sel := c.String("selector")
	if len(names) > 0 && sel != "" {
		return live.Scope{}, usageErrorf("%s: --namespace and --selector exclude each other", cmd)
	}
	if sel != "" {
		if _, err := labels.Parse(sel); err != nil {
			return live.Scope{}, usageErrorf("%s: --selector: %v", cmd, err)
		}
	}
	return live.Scope{Names: names, Selector: sel}, nil
}

// judging loads --manifests into an evaluator that lists every failing
// validation, within a soft limit that keeps an audit of 10,000 pods under
// 1 GiB.
func judging(c *cli.Context) (*evaluator.Set, *evaluator.Evaluator, error) {
	return loadJudge(c, 200, 768<<20, evaluator.WithFailures())
}

// labelPrefix is --label-prefix, else the one prefix the bindings select
// on, else the default. With needed, the bindings must select on it: a
// profile to simulate must mean something to them.
func labelPrefix(c *cli.Context, cmd string, set *evaluator.Set, needed bool) (string, error) {
	found := live.InferPrefixes(set)
	prefix := c.String("label-prefix")
	switch {
	case prefix != "":
	case len(found) == 1:
		prefix = found[0]
	case len(found) > 1:
		return "", usageErrorf("%s: the bindings of --manifests select on the labels of several prefixes (%s): choose one with --label-prefix", cmd, strings.Join(found, ", "))
	default:
		prefix = generator.DefaultLabelPrefix
	}
	if needed && !slices.Contains(found, prefix) {
		return "", usageErrorf("%s: no binding of --manifests selects on %s/profile, %s/warn or %s/audit", cmd, prefix, prefix, prefix)
	}
	return prefix, nil
}
