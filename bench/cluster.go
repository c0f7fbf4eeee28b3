// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Cluster is the API server a benchmark loads: the harness's local
// cluster, started and stopped by the benchmark, or the one of a
// kubeconfig.
type Cluster struct {
	Kubeconfig string
	WorkDir    string // set when the benchmark started the cluster
	Root       string // the repository
	// PIDs of kube-apiserver and etcd, when known (for CPU accounting).
	APIServerPID, EtcdPID int
}

// StartCluster runs hack/e2e/cluster-up.sh of the repository at root with
// a new work dir and the API server line kubeVersion (empty: the harness's
// default).
func StartCluster(ctx context.Context, root, kubeVersion string, log io.Writer) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "vapgen-bench.")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Root: root, WorkDir: dir, Kubeconfig: filepath.Join(dir, "kubeconfig")}
	cmd := exec.CommandContext(ctx, filepath.Join(root, "hack/e2e/cluster-up.sh"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "E2E_WORKDIR="+dir)
	if kubeVersion != "" {
		cmd.Env = append(cmd.Env, "KUBE_VERSION="+kubeVersion)
	}
	cmd.Stdout, cmd.Stderr = log, log
	// On an interrupt, TERM lets the script's trap stop what it started.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = time.Minute
	fmt.Fprintf(log, "starting the local cluster in %s\n", dir)
	if err := cmd.Run(); err != nil {
		// cluster-up.sh stops what it started when it fails.
		return nil, fmt.Errorf("hack/e2e/cluster-up.sh: %w", err)
	}
	c.APIServerPID = readPID(filepath.Join(dir, "pids", "kube-apiserver.pid"))
	c.EtcdPID = readPID(filepath.Join(dir, "pids", "etcd.pid"))
	return c, nil
}

func readPID(file string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(data)))
	return pid
}

// Stop stops a cluster StartCluster started (cluster-down.sh: by PID, TERM
// then KILL) and removes its work dir.
func (c *Cluster) Stop(log io.Writer) {
	if c == nil || c.WorkDir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.Root, "hack/e2e/cluster-down.sh"), c.WorkDir)
	cmd.Dir = c.Root
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(log, "cluster-down.sh: %v\n", err)
	}
}

// CPUSeconds returns the user+system CPU time of a process (0 if unknown).
func CPUSeconds(pid int) float64 {
	if pid == 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses: state is the
	// 3rd field of the line, utime and stime the 14th and 15th.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / clockTicks
}

// clockTicks is USER_HZ, 100 on every Linux architecture Go supports.
const clockTicks = 100

// Machine describes where a benchmark ran.
type Machine struct {
	CPUs      int    `json:"cpus"`
	CPUModel  string `json:"cpuModel"`
	GoVersion string `json:"goVersion"`
	Kernel    string `json:"kernel"`
	Server    string `json:"server"`
}

// ThisMachine describes this machine (Server is left to the caller).
func ThisMachine() Machine {
	return Machine{CPUs: runtime.NumCPU(), CPUModel: cpuModel(), GoVersion: runtime.Version(), Kernel: kernel()}
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func kernel() string {
	data, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return strings.TrimSpace(string(data))
}
