// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Command audit measures `vapgen audit` against a real API server:
//
//	make build && go run ./bench/audit -namespaces 100 -pods 10000
//
// Without -kubeconfig it starts the harness's local cluster
// (hack/e2e/cluster-up.sh: etcd, kube-apiserver, kube-controller-manager on
// loopback, on the same cores as the audit) and stops it at the end. It
// creates -namespaces namespaces without labels (no policy selects them: the
// cluster needs no policies) holding -pods pods in all, restricted
// 3-container pods of which a fraction -bad run a container without a
// securityContext, then runs -runs times
//
//	bin/vapgen audit --profile restricted -o json --manifests <-manifests>
//
// as a separate process (each of -manifests in turn, every round), and
// reports per run the objects and pods judged
// and the audit's own rate (from its last stderr line: listing and judging,
// after the policies are compiled), the process's wall and CPU time and
// its peak resident memory (getrusage). -out writes the runs as JSON.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"github.com/vapgen/vapgen/bench"
)

type options struct {
	kubeconfig, kubeVersion, root, manifests, vapgen, out, profile string
	namespaces, pods, runs, clients                                int
	bad                                                            float64
	keep                                                           bool
}

// Run is one audit.
type Run struct {
	Manifests     string  `json:"manifests"`
	Judged        int     `json:"judged"`
	Pods          int     `json:"pods"`
	AuditSeconds  float64 `json:"auditSeconds"` // listing and judging, from vapgen's stderr
	PodsPerSecond float64 `json:"podsPerSecond"`
	WallSeconds   float64 `json:"wallSeconds"` // the whole process, loading the policies included
	CPUSeconds    float64 `json:"cpuSeconds"`
	MaxRSSMiB     float64 `json:"maxRSSMiB"`
	ExitCode      int     `json:"exitCode"`
}

// Result is what -out writes.
type Result struct {
	Command string         `json:"command"`
	Started string         `json:"started"`
	Machine bench.Machine  `json:"machine"`
	Options map[string]any `json:"options"`
	Runs    []Run          `json:"runs"`
}

func main() {
	var o options
	flag.StringVar(&o.kubeconfig, "kubeconfig", "", "use this cluster instead of starting the local one")
	flag.StringVar(&o.kubeVersion, "kube-version", "v1.37.2", "release of the local cluster's kube-apiserver (a folder of hack/tools/kube/)")
	flag.StringVar(&o.root, "root", ".", "the repository (for hack/e2e and the default paths)")
	flag.StringVar(&o.manifests, "manifests", "manifests,manifests-per-profile", "vapgen audit --manifests: comma-separated, run in turn (interleaved)")
	flag.StringVar(&o.vapgen, "vapgen", "bin/vapgen", "the vapgen binary (make build)")
	flag.StringVar(&o.profile, "profile", "restricted", "vapgen audit --profile (empty: as labelled)")
	flag.StringVar(&o.out, "out", "", "write the result as JSON to this file")
	flag.IntVar(&o.namespaces, "namespaces", 100, "namespaces to create")
	flag.IntVar(&o.pods, "pods", 10000, "pods to create, spread over the namespaces")
	flag.Float64Var(&o.bad, "bad", 0.1, "fraction of the pods that restricted denies")
	flag.IntVar(&o.runs, "runs", 3, "audits to run per -manifests")
	flag.IntVar(&o.clients, "clients", 16, "concurrent clients creating the pods")
	flag.BoolVar(&o.keep, "keep", false, "keep the cluster (and the objects) at the end")
	flag.Parse()
	klog.SetOutput(io.Discard)
	klog.LogToStderr(false)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/audit:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	log := os.Stderr
	root, err := filepath.Abs(o.root)
	if err != nil {
		return err
	}
	result := &Result{Command: fmt.Sprint(os.Args), Started: time.Now().UTC().Format(time.RFC3339), Machine: bench.ThisMachine(),
		Options: map[string]any{"namespaces": o.namespaces, "pods": o.pods, "bad": o.bad, "manifests": o.manifests, "profile": o.profile}}
	c := &bench.Cluster{Kubeconfig: o.kubeconfig, Root: root}
	if o.kubeconfig == "" {
		if c, err = bench.StartCluster(ctx, root, o.kubeVersion, log); err != nil {
			return err
		}
		if o.keep {
			defer fmt.Fprintf(log, "kept the cluster: hack/e2e/cluster-down.sh %s\n", c.WorkDir)
		} else {
			defer c.Stop(log)
		}
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", c.Kubeconfig)
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = 1e6, 1e6
	cfg.WarningHandler = rest.NoWarnings{}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	if v, err := cs.Discovery().ServerVersion(); err == nil {
		result.Machine.Server = v.GitVersion
	}
	start := time.Now()
	if err := populate(ctx, cs, o); err != nil {
		return err
	}
	fmt.Fprintf(log, "created %d pods in %d namespaces in %.0fs\n", o.pods, o.namespaces, time.Since(start).Seconds())
	if !o.keep && o.kubeconfig != "" {
		defer cleanup(cs, o, log)
	}
	for i := range o.runs {
		for _, manifests := range strings.Split(o.manifests, ",") {
			r, err := audit(ctx, o, root, c.Kubeconfig, manifests)
			if err != nil {
				return err
			}
			fmt.Fprintf(log, "run %d, %s: judged %d objects (%d pods) in %.2fs: %.0f pods/s; process: wall %.1fs, CPU %.1fs, max RSS %.0f MiB, exit %d; load average %s\n",
				i+1, manifests, r.Judged, r.Pods, r.AuditSeconds, r.PodsPerSecond, r.WallSeconds, r.CPUSeconds, r.MaxRSSMiB, r.ExitCode, loadAverage())
			result.Runs = append(result.Runs, r)
		}
	}
	if o.out != "" {
		data, err := json.MarshalIndent(result, "", "  ")
		if err != nil {
			return err
		}
		return os.WriteFile(o.out, append(data, '\n'), 0o644)
	}
	return nil
}

// judgedLine is vapgen audit's last line on stderr.
var judgedLine = regexp.MustCompile(`judged (\d+) objects? \((\d+) pods?\) in .* in ([0-9.]+)s`)

// audit runs vapgen audit once as its own process.
func audit(ctx context.Context, o options, root, kubeconfig, manifests string) (Run, error) {
	args := []string{"audit", "--kubeconfig", kubeconfig, "--manifests", manifests, "-o", "json"}
	if o.profile != "" {
		args = append(args, "--profile", o.profile)
	}
	cmd := exec.CommandContext(ctx, o.vapgen, args...)
	cmd.Dir = root
	var stderr lastLines
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	start := time.Now()
	err := cmd.Run()
	r := Run{Manifests: manifests, WallSeconds: time.Since(start).Seconds()}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return r, err
	}
	r.ExitCode = cmd.ProcessState.ExitCode()
	if u, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.CPUSeconds = float64(u.Utime.Sec+u.Stime.Sec) + float64(u.Utime.Usec+u.Stime.Usec)/1e6
		r.MaxRSSMiB = float64(u.Maxrss) / 1024
	}
	m := judgedLine.FindStringSubmatch(string(stderr))
	if m == nil || r.ExitCode == 2 {
		return r, fmt.Errorf("vapgen audit (exit %d): %s", r.ExitCode, stderr)
	}
	r.Judged, _ = strconv.Atoi(m[1])
	r.Pods, _ = strconv.Atoi(m[2])
	r.AuditSeconds, _ = strconv.ParseFloat(m[3], 64)
	if r.AuditSeconds > 0 {
		r.PodsPerSecond = float64(r.Pods) / r.AuditSeconds
	}
	return r, nil
}

// loadAverage is the 1-minute load average, to tell a quiet machine from a
// busy one.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// lastLines keeps the last 4 KiB written to it.
type lastLines []byte

func (l *lastLines) Write(p []byte) (int, error) {
	*l = append(*l, p...)
	if len(*l) > 4096 {
		*l = (*l)[len(*l)-4096:]
	}
	return len(p), nil
}
