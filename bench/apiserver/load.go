// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/vapgen/vapgen/bench"
)

// requestTimeout caps every create request.
const requestTimeout = 30 * time.Second

// job is one series of one kind: the objects it creates and what was measured.
type job struct {
	kind   string // pod or deployment
	def    seriesDef
	ns     string
	total  int
	pod    *corev1.Pod
	deploy *appsv1.Deployment

	done      int
	latencies []time.Duration
	errors    int
	firstErr  string
	wall      time.Duration
	cpu, etcd float64            // seconds of CPU of kube-apiserver and etcd during the batches
	admission map[string]float64 // admission metric: seconds summed over the batches
	admCount  map[string]float64
	rounds    []roundResult
}

type roundResult struct {
	N          int     `json:"n"`
	Seconds    float64 `json:"seconds"`
	MeanMs     float64 `json:"meanMs"`
	P50Ms      float64 `json:"p50Ms"`
	CPUMsPerOp float64 `json:"apiserverCpuMsPerOp,omitempty"`
}

func newJob(kind string, def seriesDef, ns string, total, containers int) *job {
	return &job{
		kind: kind, def: def, ns: ns, total: total,
		pod:       podOf(def, containers),
		deploy:    deploymentOf(def, containers),
		admission: map[string]float64{}, admCount: map[string]float64{},
	}
}

func (j *job) label() string {
	if j.kind == "pod" {
		return j.def.Key + " " + j.def.Name
	}
	return j.def.Key + " " + j.def.Name + " (Deployment)"
}

// batch creates count objects named prefix-<i> with clients concurrent
// clients and returns each one's latency (errors excluded).
func batch(ctx context.Context, cs kubernetes.Interface, j *job, prefix string, first, count, clients int) (lat []time.Duration, errs int, firstErr string, wall time.Duration) {
	var next atomic.Int64
	next.Store(int64(first))
	end := int64(first + count)
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= end {
					break
				}
				name := fmt.Sprintf("%s-%06d", prefix, i)
				rctx, cancel := context.WithTimeout(ctx, requestTimeout)
				t := time.Now()
				err := create(rctx, cs, j.kind, j.ns, name, j.pod, j.deploy)
				d := time.Since(t)
				cancel()
				if err != nil {
					mu.Lock()
					errs++
					if firstErr == "" {
						firstErr = err.Error()
					}
					mu.Unlock()
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lat, errs, firstErr, time.Since(start)
}

// runRounds runs the warm-up, then the interleaved rounds; it reports
// whether the time cap cut them short.
func runRounds(ctx context.Context, cs, raw kubernetes.Interface, c *bench.Cluster, o options, jobs []*job, log io.Writer) bool {
	for _, j := range jobs {
		if o.warmup > 0 {
			_, errs, first, _ := batch(ctx, cs, j, "warmup", 0, o.warmup, o.clients)
			if errs > 0 {
				fmt.Fprintf(log, "warm-up of %s: %d errors, first: %s\n", j.label(), errs, first)
			}
		}
	}
	rounds := (o.n + o.batch - 1) / o.batch
	last, _ := scrapeAdmission(ctx, raw)
	for r := range rounds {
		for i := range jobs {
			j := jobs[(i+r)%len(jobs)] // rotated: every series runs in every position
			remaining := j.total - j.done
			per := (j.total + rounds - 1) / rounds
			count := min(per, remaining)
			if count <= 0 {
				continue
			}
			if ctx.Err() != nil {
				fmt.Fprintf(log, "time cap reached in round %d\n", r+1)
				return true
			}
			cpu0, etcd0 := bench.CPUSeconds(c.APIServerPID), bench.CPUSeconds(c.EtcdPID)
			lat, errs, first, wall := batch(ctx, cs, j, "bench", j.done, count, o.clients)
			cpu1, etcd1 := bench.CPUSeconds(c.APIServerPID), bench.CPUSeconds(c.EtcdPID)
			j.done += count
			j.latencies = append(j.latencies, lat...)
			j.errors += errs
			if j.firstErr == "" {
				j.firstErr = first
			}
			j.wall += wall
			j.cpu += cpu1 - cpu0
			j.etcd += etcd1 - etcd0
			rr := roundResult{N: len(lat), Seconds: wall.Seconds(), MeanMs: mean(lat), P50Ms: percentile(lat, 50)}
			if len(lat) > 0 && c.APIServerPID != 0 {
				rr.CPUMsPerOp = (cpu1 - cpu0) * 1000 / float64(len(lat))
			}
			j.rounds = append(j.rounds, rr)
			if now, err := scrapeAdmission(ctx, raw); err == nil && last != nil {
				for k, v := range now {
					j.admission[k] += v.sum - last[k].sum
					j.admCount[k] += v.count - last[k].count
				}
				last = now
			}
		}
		var parts []string
		for _, j := range jobs {
			if n := len(j.rounds); n > 0 && n == r+1 {
				parts = append(parts, fmt.Sprintf("%s %.0f/s", j.def.Key+j.kind[:1], float64(j.rounds[n-1].N)/j.rounds[n-1].Seconds))
			}
		}
		fmt.Fprintf(log, "round %d/%d: %s\n", r+1, rounds, strings.Join(parts, ", "))
	}
	return false
}

type sample struct{ sum, count float64 }

// scrapeAdmission reads the API server's admission latency metrics for
// CREATE: per built-in plugin (controller_admission_duration_seconds, key
// "<plugin>/<type>") and per step (step_admission_duration_seconds, key
// "step/<type>").
func scrapeAdmission(ctx context.Context, raw kubernetes.Interface) (map[string]sample, error) {
	data, err := raw.CoreV1().RESTClient().Get().AbsPath("/metrics").Timeout(30 * time.Second).DoRaw(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]sample{}
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		line := s.Text()
		var key string
		switch {
		case strings.HasPrefix(line, "apiserver_admission_controller_admission_duration_seconds_"):
			key = labelValue(line, "name") + "/" + labelValue(line, "type")
		case strings.HasPrefix(line, "apiserver_admission_step_admission_duration_seconds_"):
			key = "step/" + labelValue(line, "type")
		default:
			continue
		}
		if labelValue(line, "operation") != "CREATE" {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		metric := line[:strings.IndexByte(line, '{')]
		x := out[key]
		switch {
		case strings.HasSuffix(metric, "_sum"):
			x.sum += v
		case strings.HasSuffix(metric, "_count"):
			x.count += v
		default:
			continue
		}
		out[key] = x
	}
	return out, s.Err()
}

func labelValue(line, name string) string {
	i := strings.Index(line, name+`="`)
	if i < 0 {
		return ""
	}
	rest := line[i+len(name)+2:]
	return rest[:strings.IndexByte(rest, '"')]
}

func mean(d []time.Duration) float64 {
	if len(d) == 0 {
		return 0
	}
	var sum time.Duration
	for _, v := range d {
		sum += v
	}
	return float64(sum) / float64(len(d)) / 1e6
}

// percentile returns the p-th percentile (nearest rank) in milliseconds.
func percentile(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return float64(s[max(i, 0)]) / 1e6
}
