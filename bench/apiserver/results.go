// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vapgen/vapgen/bench"
	"k8s.io/client-go/kubernetes"
)

// seriesSummary is one series' result in the JSON output.
type seriesSummary struct {
	Kind             string             `json:"kind"`
	Series           string             `json:"series"`
	Name             string             `json:"name"`
	Namespace        string             `json:"namespace"`
	Created          int                `json:"created"`
	Errors           int                `json:"errors"`
	FirstError       string             `json:"firstError,omitempty"`
	Seconds          float64            `json:"seconds"`
	PerSecond        float64            `json:"perSecond"`
	MeanMs           float64            `json:"meanMs"`
	P50Ms            float64            `json:"p50Ms"`
	P90Ms            float64            `json:"p90Ms"`
	P99Ms            float64            `json:"p99Ms"`
	MaxMs            float64            `json:"maxMs"`
	APIServerCPUMs   float64            `json:"apiserverCpuMsPerOp,omitempty"`
	EtcdCPUMs        float64            `json:"etcdCpuMsPerOp,omitempty"`
	AdmissionMsPerOp map[string]float64 `json:"admissionMsPerCall,omitempty"`
	Rounds           []roundResult      `json:"rounds"`
}

func (j *job) summary() seriesSummary {
	n := len(j.latencies)
	s := seriesSummary{
		Kind: j.kind, Series: j.def.Key, Name: j.def.Name, Namespace: j.ns,
		Created: n, Errors: j.errors, FirstError: j.firstErr, Seconds: j.wall.Seconds(),
		MeanMs: mean(j.latencies), P50Ms: percentile(j.latencies, 50), P90Ms: percentile(j.latencies, 90),
		P99Ms: percentile(j.latencies, 99), MaxMs: percentile(j.latencies, 100), Rounds: j.rounds,
	}
	if j.wall > 0 {
		s.PerSecond = float64(n) / j.wall.Seconds()
	}
	if n > 0 && j.cpu > 0 {
		s.APIServerCPUMs = j.cpu * 1000 / float64(n)
		s.EtcdCPUMs = j.etcd * 1000 / float64(n)
	}
	s.AdmissionMsPerOp = map[string]float64{}
	for k, sum := range j.admission {
		if c := j.admCount[k]; c > 0 && sum > 0 {
			s.AdmissionMsPerOp[k] = sum * 1000 / c
		}
	}
	return s
}

// ratio compares two series of one kind: num / den.
type ratio struct {
	Kind      string  `json:"kind"`
	Num       string  `json:"num"`
	Den       string  `json:"den"`
	P50       float64 `json:"p50"`
	P99       float64 `json:"p99"`
	Mean      float64 `json:"mean"`
	PerSecond float64 `json:"perSecond"`
	CPU       float64 `json:"apiserverCpu,omitempty"`
	// Per round (the batches of one round ran back to back): the ratio of
	// the mean latencies.
	RoundMedian float64 `json:"roundMedian"`
	RoundMin    float64 `json:"roundMin"`
	RoundMax    float64 `json:"roundMax"`
	RoundStdev  float64 `json:"roundStdev"`
	// Extra milliseconds per object (p50 and API server CPU).
	ExtraP50Ms float64 `json:"extraP50Ms"`
	ExtraCPUMs float64 `json:"extraApiserverCpuMs,omitempty"`
}

// ratioPairs: every series against a (none), the policy series against b
// (psa), the hand-made layouts against c (the shipped one).
func ratioPairs() [][2]string {
	var out [][2]string
	for _, x := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "p"} {
		out = append(out, [2]string{x, "a"})
	}
	for _, x := range []string{"c", "d", "e", "f", "g", "h", "i", "p"} {
		out = append(out, [2]string{x, "b"})
	}
	for _, x := range []string{"e", "f", "g", "h", "i", "p"} {
		out = append(out, [2]string{x, "c"})
	}
	return out
}

func ratios(jobs []*job) []ratio {
	find := func(kind, key string) *job {
		for _, j := range jobs {
			if j.kind == kind && j.def.Key == key && len(j.latencies) > 0 {
				return j
			}
		}
		return nil
	}
	var out []ratio
	for _, kind := range []string{"pod", "deployment"} {
		for _, p := range ratioPairs() {
			num, den := find(kind, p[0]), find(kind, p[1])
			if num == nil || den == nil {
				continue
			}
			a, b := num.summary(), den.summary()
			r := ratio{
				Kind: kind, Num: p[0], Den: p[1],
				P50: a.P50Ms / b.P50Ms, P99: a.P99Ms / b.P99Ms, Mean: a.MeanMs / b.MeanMs,
				PerSecond: a.PerSecond / b.PerSecond, ExtraP50Ms: a.P50Ms - b.P50Ms,
			}
			if a.APIServerCPUMs > 0 && b.APIServerCPUMs > 0 {
				r.CPU = a.APIServerCPUMs / b.APIServerCPUMs
				r.ExtraCPUMs = a.APIServerCPUMs - b.APIServerCPUMs
			}
			var per []float64
			for i := range min(len(num.rounds), len(den.rounds)) {
				if den.rounds[i].MeanMs > 0 {
					per = append(per, num.rounds[i].MeanMs/den.rounds[i].MeanMs)
				}
			}
			if len(per) > 0 {
				sort.Float64s(per)
				r.RoundMedian, r.RoundMin, r.RoundMax = per[len(per)/2], per[0], per[len(per)-1]
				var m, v float64
				for _, x := range per {
					m += x
				}
				m /= float64(len(per))
				for _, x := range per {
					v += (x - m) * (x - m)
				}
				r.RoundStdev = math.Sqrt(v / float64(len(per)))
			}
			out = append(out, r)
		}
	}
	return out
}

// profileResult is one CPU profile of the API server.
type profileResult struct {
	Series    string  `json:"series"`
	Name      string  `json:"name"`
	File      string  `json:"file"`
	Top       string  `json:"top,omitempty"`
	Seconds   float64 `json:"seconds"`
	Pods      int     `json:"pods"`
	PerSecond float64 `json:"perSecond"`
}

// profileSeries records a CPU profile of the API server while the series
// creates pods (at most 1,000 per second of profile).
func profileSeries(ctx context.Context, cs, raw kubernetes.Interface, c *bench.Cluster, o options, def seriesDef, ns, out string, log io.Writer) (profileResult, error) {
	j := newJob("pod", def, ns, 0, o.containers)
	loadCtx, stop := context.WithCancel(ctx)
	defer stop()
	maxPods := int(o.profile.Seconds()*1000) + 1000
	var created atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		lat, _, _, _ := batch(loadCtx, cs, j, "profile", 0, maxPods, o.clients)
		created.Store(int64(len(lat)))
	}()
	fmt.Fprintf(log, "profiling kube-apiserver for %s while series %s (%s) runs\n", o.profile, def.Key, def.Name)
	if err := sleep(ctx, time.Second); err != nil {
		return profileResult{}, err
	}
	start := time.Now()
	data, err := raw.CoreV1().RESTClient().Get().AbsPath("/debug/pprof/profile").
		Param("seconds", strconv.Itoa(int(o.profile.Seconds()))).
		Timeout(o.profile + time.Minute).DoRaw(ctx)
	elapsed := time.Since(start)
	stop()
	wg.Wait()
	if err != nil {
		return profileResult{}, err
	}
	base := strings.TrimSuffix(out, ".json")
	file := fmt.Sprintf("%s-cpu-%s.pb.gz", base, def.Key)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return profileResult{}, err
	}
	r := profileResult{Series: def.Key, Name: def.Name, File: file, Seconds: elapsed.Seconds(), Pods: int(created.Load())}
	r.PerSecond = float64(r.Pods) / (elapsed.Seconds() + 1)
	if top, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-cum", "-nodecount=40", file).Output(); err == nil {
		r.Top = file + ".top.txt"
		if err := os.WriteFile(r.Top, top, 0o644); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Result is the JSON output.
type Result struct {
	Command   string          `json:"command"`
	Started   string          `json:"started"`
	Seconds   float64         `json:"seconds"`
	Machine   bench.Machine   `json:"machine"`
	Options   map[string]any  `json:"options"`
	Truncated bool            `json:"truncated"`
	Series    []seriesSummary `json:"series"`
	Ratios    []ratio         `json:"ratios"`
	Profiles  []profileResult `json:"profiles,omitempty"`
}

func printTable(w io.Writer, r *Result) {
	fmt.Fprintf(w, "kube-apiserver %s, %d CPUs (%s), %s; %s\n", r.Machine.Server, r.Machine.CPUs, r.Machine.CPUModel, r.Machine.GoVersion, r.Command)
	if r.Truncated {
		fmt.Fprintln(w, "TRUNCATED: the time cap stopped the rounds")
	}
	fmt.Fprintf(w, "\n%-34s %6s %5s %8s %7s %7s %7s %8s %8s %9s %9s\n", "series", "n", "err", "per s", "p50 ms", "p90 ms", "p99 ms", "cpu ms", "etcd ms", "VAP ms", "PSA ms")
	for _, s := range r.Series {
		label := s.Series + " " + s.Name
		if s.Kind != "pod" {
			label += " (" + s.Kind + ")"
		}
		fmt.Fprintf(w, "%-34s %6d %5d %8.1f %7.1f %7.1f %7.1f %8.2f %8.2f %9.2f %9.3f\n", label, s.Created, s.Errors, s.PerSecond,
			s.P50Ms, s.P90Ms, s.P99Ms, s.APIServerCPUMs, s.EtcdCPUMs,
			s.AdmissionMsPerOp["ValidatingAdmissionPolicy/validate"], s.AdmissionMsPerOp["PodSecurity/validate"])
		if s.FirstError != "" {
			fmt.Fprintf(w, "    first error: %s\n", s.FirstError)
		}
	}
	fmt.Fprintf(w, "\n%-16s %6s %6s %6s %8s %7s %-26s %10s %10s\n", "ratio", "p50", "p99", "mean", "per s", "cpu", "per round: median [min-max]", "+p50 ms", "+cpu ms")
	for _, x := range r.Ratios {
		name := x.Num + "/" + x.Den
		if x.Kind != "pod" {
			name += " (" + x.Kind + ")"
		}
		fmt.Fprintf(w, "%-16s %6.3f %6.3f %6.3f %8.3f %7.3f %6.3f [%5.3f-%5.3f] σ%5.3f %10.2f %10.2f\n", name, x.P50, x.P99, x.Mean, x.PerSecond, x.CPU,
			x.RoundMedian, x.RoundMin, x.RoundMax, x.RoundStdev, x.ExtraP50Ms, x.ExtraCPUMs)
	}
	for _, p := range r.Profiles {
		fmt.Fprintf(w, "\nCPU profile during series %s (%s): %s (%d pods, %.0f/s)", p.Series, p.Name, p.File, p.Pods, p.PerSecond)
		if p.Top != "" {
			fmt.Fprintf(w, "; go tool pprof -top: %s", p.Top)
		}
		fmt.Fprintln(w)
	}
}
