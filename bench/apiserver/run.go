// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vapgen/vapgen/bench"
	"github.com/vapgen/vapgen/generator"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// clients are the connections of a run: raw (JSON) for metrics, pprof and
// setup, load for the measured requests.
type clients struct {
	raw, load kubernetes.Interface
}

func run(ctx context.Context, o options) (err error) {
	log := os.Stderr
	started := time.Now()
	result := newResult(o, started)
	c, stop, err := cluster(ctx, o, log)
	if err != nil {
		return err
	}
	defer stop()
	cs, err := connect(c.Kubeconfig, o.contentType)
	if err != nil {
		return err
	}
	if v, err := cs.raw.Discovery().ServerVersion(); err == nil {
		result.Machine.Server = v.GitVersion
	}
	keys := unique(append(append(slices.Clone(o.series), o.deploySeries...), o.profileSeries...))
	labels, cleanup, err := setupPolicies(ctx, cs, c, o, keys, log)
	defer cleanup()
	if err != nil {
		return err
	}
	namespaces, cleanup, err := setupNamespaces(ctx, cs, c, o, keys, labels, started, log)
	defer cleanup()
	if err != nil {
		return err
	}
	if err := measure(ctx, cs, c, o, namespaces, result, log); err != nil {
		return err
	}
	result.Seconds = time.Since(started).Seconds()
	printTable(os.Stdout, result)
	data, err := json.MarshalIndent(result, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(o.out, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "wrote %s\n", o.out)
	return nil
}

func newResult(o options, started time.Time) *Result {
	return &Result{
		Command: strings.Join(os.Args, " "),
		Started: started.UTC().Format(time.RFC3339),
		Machine: bench.ThisMachine(),
		Options: map[string]any{
			"n": o.n, "deployments": o.deployments, "clients": o.clients, "batch": o.batch, "warmup": o.warmup,
			"containers": o.containers, "contentType": o.contentType, "series": o.series, "deploySeries": o.deploySeries,
			"kubeVersion": o.kubeVersion,
		},
	}
}

// cluster starts the harness's local cluster, unless a kubeconfig names one;
// stop stops what was started (unless -keep).
func cluster(ctx context.Context, o options, log io.Writer) (*bench.Cluster, func(), error) {
	if o.kubeconfig != "" {
		return &bench.Cluster{Kubeconfig: o.kubeconfig, Root: o.root}, func() {}, nil
	}
	c, err := bench.StartCluster(ctx, o.root, o.kubeVersion, log)
	if err != nil {
		return nil, nil, err
	}
	if o.keep {
		return c, func() { fmt.Fprintf(log, "kept the cluster: hack/e2e/cluster-down.sh %s\n", c.WorkDir) }, nil
	}
	return c, func() { c.Stop(log) }, nil
}

func connect(kubeconfig, contentType string) (clients, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return clients{}, err
	}
	cfg.QPS, cfg.Burst = 1e6, 1e6 // no client-side throttling
	cfg.WarningHandler = rest.NoWarnings{}
	cfg.UserAgent = "vapgen-bench"
	raw, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return clients{}, err
	}
	loadCfg := rest.CopyConfig(cfg)
	if contentType == "protobuf" {
		loadCfg.ContentType = "application/vnd.kubernetes.protobuf"
		loadCfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	}
	load, err := kubernetes.NewForConfig(loadCfg)
	return clients{raw: raw, load: load}, err
}

// setupPolicies applies the shipped set (kubectl apply -k) and the bench
// layouts the series need, and waits until they are live; cleanup deletes
// the bench layouts (unless -keep).
func setupPolicies(ctx context.Context, cs clients, c *bench.Cluster, o options, keys []string, log io.Writer) (map[string]map[string]string, func(), error) {
	nothing := func() {}
	if err := kubectl(ctx, c.Kubeconfig, log, "apply", "-k", o.manifests); err != nil {
		return nil, nothing, err
	}
	if needsMutations(keys) {
		if err := kubectl(ctx, c.Kubeconfig, log, "apply", "-k", filepath.Join(o.manifests, generator.MutateDir)); err != nil {
			return nil, nothing, fmt.Errorf("the mutate series need MutatingAdmissionPolicies (kube-apiserver 1.36+): %w", err)
		}
	}
	extra, labels, err := benchLayouts(o.root, keys)
	if err != nil {
		return nil, nothing, err
	}
	created, err := applySet(ctx, cs.raw, extra)
	cleanup := func() {
		if !o.keep {
			deleteSet(cs.raw, created, log)
		}
	}
	if err != nil {
		return nil, cleanup, err
	}
	return labels, cleanup, waitPolicies(ctx, cs.raw, 2*time.Minute)
}

// setupNamespaces creates one namespace per series, labelled for it, and
// waits for their ServiceAccounts and a sanity check of each series'
// verdicts; cleanup deletes them (unless -keep).
func setupNamespaces(ctx context.Context, cs clients, c *bench.Cluster, o options, keys []string, layoutLabels map[string]map[string]string, started time.Time, log io.Writer) (map[string]string, func(), error) {
	runID := fmt.Sprintf("%x", started.Unix()%0xfffff)
	namespaces := map[string]string{}
	cleanup := func() {
		if o.keep {
			return
		}
		for _, name := range namespaces {
			deleteNamespace(cs.raw, name, log)
		}
		if c.WorkDir == "" {
			waitNamespacesGone(cs.raw, namespaces, 5*time.Minute, log)
		}
	}
	for _, k := range keys {
		def := seriesByKey[k]
		labels := def.Labels
		if def.Layout != "" {
			labels = layoutLabels[def.Layout]
		}
		name := fmt.Sprintf("vb-%s-%s-%s", runID, k, def.Name)
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
		if _, err := cs.raw.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
			return namespaces, cleanup, fmt.Errorf("namespace %s: %w", name, err)
		}
		namespaces[k] = name
	}
	fmt.Fprintf(log, "namespaces: %v\n", namespaces)
	if err := waitServiceAccounts(ctx, cs.raw, namespaces, time.Minute); err != nil {
		return namespaces, cleanup, err
	}
	return namespaces, cleanup, sanityCheck(ctx, cs.load, o, namespaces, time.Minute)
}

// measure runs the interleaved rounds, then the CPU profiles.
func measure(ctx context.Context, cs clients, c *bench.Cluster, o options, namespaces map[string]string, result *Result, log io.Writer) error {
	var jobs []*job
	for _, k := range o.series {
		jobs = append(jobs, newJob("pod", seriesByKey[k], namespaces[k], o.n, o.containers))
	}
	for _, k := range o.deploySeries {
		jobs = append(jobs, newJob("deployment", seriesByKey[k], namespaces[k], o.deployments, o.containers))
	}
	loadCtx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	result.Truncated = runRounds(loadCtx, cs.load, cs.raw, c, o, jobs, log)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for _, j := range jobs {
		result.Series = append(result.Series, j.summary())
	}
	result.Ratios = ratios(jobs)
	for _, k := range o.profileSeries {
		if loadCtx.Err() != nil {
			break
		}
		p, err := profileSeries(loadCtx, cs.load, cs.raw, c, o, seriesByKey[k], namespaces[k], o.out, log)
		if err != nil {
			fmt.Fprintf(log, "profile of series %s: %v\n", k, err)
			continue
		}
		result.Profiles = append(result.Profiles, p)
	}
	return nil
}

func kubectl(ctx context.Context, kubeconfig string, log io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, "kubectl", append([]string{"--kubeconfig", kubeconfig}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kubectl %s: %w", strings.Join(args, " "), err)
	}
	return nil
}
