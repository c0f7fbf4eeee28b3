// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Command apiserver measures what the generated policies cost in a real
// kube-apiserver, side by side with Pod Security Admission.
//
//	go run ./bench/apiserver -n 2000 -clients 8
//
// Without -kubeconfig (and $KUBECONFIG) it starts the harness's local cluster
// (hack/e2e/cluster-up.sh: etcd, kube-apiserver 1.35, kube-controller-manager
// on loopback) and stops it at the end. It applies manifests/ (kubectl apply
// -k) and the hand-made per-profile layouts of package bench, then creates
// restricted 3-container pods, and paused Deployments of the same pod, with
// -clients concurrent clients in one namespace per series:
//
//	a  none              no labels: no policy selects it
//	b  psa               pod-security.kubernetes.io/enforce=restricted
//	c  vapgen            pod-security.vapgen.io/profile=restricted (the shipped per-rule set)
//	d  psa+vapgen        both
//	e  per-profile       one VAP with all 19 rules (bench.Merge), opt-outs read from namespaceObject
//	f  per-profile-lean  e without messageExpressions, matchConditions folded into the validations
//	g  per-profile-2     one VAP per profile (baseline: 12 rules, restricted: 7); a restricted namespace matches both
//	h  per-rule-lean     (not by default) the 19 per-rule VAPs without messageExpressions, matchConditions folded
//	i  per-rule-nomc     (not by default) the 19 per-rule VAPs with matchConditions folded
//	p  vapgen-per-profile the generator's per-profile layout (manifests-per-profile/), on labels under bench.GeneratedPrefix
//
// Series h and i add 19 pod and 19 workload policies with 3 bindings each,
// which every pod request in every namespace then matches: run them apart
// (-series a,c,h,i).
//
// The series run interleaved: in every round each series (and Deployment
// series) creates one batch, in an order rotated every round, so that the
// noise of a shared machine hits them all alike. Per series it reports
// throughput, client latency (p50/p90/p99), the API server's and etcd's CPU
// time per object (when it started them), and the API server's own
// admission time per plugin (apiserver_admission_controller_admission_duration_seconds).
// Then it records a CPU profile of the API server while only one series
// runs (-profile-series). Everything it creates is deleted (namespaces,
// then the bench policies); a cluster it started is stopped.
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
	"slices"
	"strings"
	"syscall"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"

	"github.com/vapgen/vapgen/bench"
)

type options struct {
	n, deployments, clients, batch, warmup int
	timeout, profile                       time.Duration
	series, deploySeries, profileSeries    []string
	kubeconfig, root, manifests, out       string
	contentType                            string
	containers                             int
	keep                                   bool
}

func main() {
	var o options
	var series, deploySeries, profileSeries string
	flag.IntVar(&o.n, "n", 2000, "pods per series")
	flag.IntVar(&o.deployments, "deployments", 1000, "Deployments per Deployment series (0: none)")
	flag.IntVar(&o.clients, "clients", 8, "concurrent clients")
	flag.IntVar(&o.batch, "batch", 100, "pods per series per round")
	flag.IntVar(&o.warmup, "warmup", 50, "unmeasured creations per series before the rounds")
	flag.IntVar(&o.containers, "containers", 3, "containers per pod (1 init container + the rest)")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Minute, "cap on the whole run; the rounds stop when it is reached")
	flag.DurationVar(&o.profile, "profile", 25*time.Second, "length of each API server CPU profile (0: none)")
	flag.StringVar(&series, "series", "a,b,c,d,p", "pod series to run (a none, b psa, c vapgen, d psa+vapgen, p vapgen-per-profile; hand-made: e per-profile, f per-profile-lean, g per-profile-2, h per-rule-lean, i per-rule-nomc)")
	flag.StringVar(&deploySeries, "deploy-series", "a,c,p", "Deployment series to run")
	flag.StringVar(&profileSeries, "profile-series", "c,p", "pod series to profile, one after the other")
	flag.StringVar(&o.kubeconfig, "kubeconfig", os.Getenv("KUBECONFIG"), "use this cluster instead of starting the local one")
	flag.StringVar(&o.root, "root", ".", "repository root (hack/e2e, manifests)")
	flag.StringVar(&o.manifests, "manifests", "", "kustomization to apply (default ROOT/manifests)")
	flag.StringVar(&o.out, "out", "apiserver-bench.json", "JSON result; CPU profiles are written next to it")
	flag.StringVar(&o.contentType, "content-type", "protobuf", "request encoding: protobuf (like controllers) or json (like kubectl)")
	flag.BoolVar(&o.keep, "keep", false, "keep the namespaces and bench policies (and a cluster started here)")
	flag.Parse()
	o.series, o.deploySeries, o.profileSeries = split(series), split(deploySeries), split(profileSeries)
	if o.profile <= 0 {
		o.profileSeries = nil
	}
	if o.deployments == 0 {
		o.deploySeries = nil
	}
	if o.manifests == "" {
		o.manifests = filepath.Join(o.root, "manifests")
	}
	err := o.validate()
	if err == nil {
		err = os.MkdirAll(filepath.Dir(o.out), 0o755)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiserver:", err)
		os.Exit(2)
	}
	// client-go logs the requests the profile phase cancels on purpose.
	klog.LogToStderr(false)
	klog.SetOutput(io.Discard)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "apiserver:", err)
		os.Exit(1)
	}
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (o *options) validate() error {
	switch {
	case o.n < 1 || o.clients < 1 || o.batch < 1 || o.warmup < 0 || o.deployments < 0:
		return errors.New("-n, -clients and -batch must be positive, -warmup and -deployments not negative")
	case o.n > 100000 || o.deployments > 100000:
		return errors.New("-n and -deployments are capped at 100000")
	case o.containers < 2 || o.containers > 200:
		return errors.New("-containers must be between 2 and 200")
	case o.contentType != "protobuf" && o.contentType != "json":
		return errors.New("-content-type must be protobuf or json")
	case len(o.series) == 0:
		return errors.New("-series is empty")
	}
	for _, s := range append(append(slices.Clone(o.series), o.deploySeries...), o.profileSeries...) {
		if _, ok := seriesByKey[s]; !ok {
			return fmt.Errorf("unknown series %q", s)
		}
	}
	for _, s := range o.deploySeries {
		if s == "b" || s == "d" {
			return fmt.Errorf("Deployment series %q: PSA does not enforce on Deployments", s)
		}
	}
	return nil
}

// seriesDef is a namespace configuration.
type seriesDef struct {
	Key, Name string
	Labels    map[string]string
	// Layout names the hand-made bench layout the series needs.
	Layout string
	// Denies: whether a violating pod (and Deployment, except PSA) is denied.
	Denies bool
}

var seriesByKey = map[string]seriesDef{
	"a": {Key: "a", Name: "none", Labels: map[string]string{}},
	"b": {Key: "b", Name: "psa", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted"}, Denies: true},
	"c": {Key: "c", Name: "vapgen", Labels: map[string]string{bench.DefaultLabelPrefix + "/profile": "restricted"}, Denies: true},
	"d": {Key: "d", Name: "psa+vapgen", Labels: map[string]string{"pod-security.kubernetes.io/enforce": "restricted", bench.DefaultLabelPrefix + "/profile": "restricted"}, Denies: true},
	"e": {Key: "e", Name: "per-profile", Layout: "per-profile", Denies: true},
	"f": {Key: "f", Name: "per-profile-lean", Layout: "per-profile-lean", Denies: true},
	"g": {Key: "g", Name: "per-profile-2", Layout: "per-profile-2", Denies: true},
	"h": {Key: "h", Name: "per-rule-lean", Layout: "per-rule-lean", Denies: true},
	"i": {Key: "i", Name: "per-rule-nomc", Layout: "per-rule-nomc", Denies: true},
	"p": {Key: "p", Name: "vapgen-per-profile", Layout: generatedLayout, Labels: map[string]string{bench.GeneratedPrefix + "/profile": "restricted"}, Denies: true},
}

// generatedLayout is the generator's own per-profile layout (bench.PerProfile).
const generatedLayout = "generated"

func run(ctx context.Context, o options) (err error) {
	log := os.Stderr
	started := time.Now()
	result := &Result{
		Command: strings.Join(os.Args, " "),
		Started: started.UTC().Format(time.RFC3339),
		Machine: bench.ThisMachine(),
		Options: map[string]any{
			"n": o.n, "deployments": o.deployments, "clients": o.clients, "batch": o.batch, "warmup": o.warmup,
			"containers": o.containers, "contentType": o.contentType, "series": o.series, "deploySeries": o.deploySeries,
		},
	}

	var c *bench.Cluster
	if o.kubeconfig == "" {
		if c, err = bench.StartCluster(ctx, o.root, log); err != nil {
			return err
		}
		if !o.keep {
			defer c.Stop(log)
		} else {
			defer fmt.Fprintf(log, "kept the cluster: hack/e2e/cluster-down.sh %s\n", c.WorkDir)
		}
	} else {
		c = &bench.Cluster{Kubeconfig: o.kubeconfig, Root: o.root}
	}

	cfg, err := clientcmd.BuildConfigFromFlags("", c.Kubeconfig)
	if err != nil {
		return err
	}
	cfg.QPS, cfg.Burst = 1e6, 1e6 // no client-side throttling
	cfg.WarningHandler = rest.NoWarnings{}
	cfg.UserAgent = "vapgen-bench"
	raw, err := kubernetes.NewForConfig(cfg) // JSON: metrics, pprof, setup
	if err != nil {
		return err
	}
	loadCfg := rest.CopyConfig(cfg)
	if o.contentType == "protobuf" {
		loadCfg.ContentType = "application/vnd.kubernetes.protobuf"
		loadCfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	}
	cs, err := kubernetes.NewForConfig(loadCfg)
	if err != nil {
		return err
	}
	if v, err := raw.Discovery().ServerVersion(); err == nil {
		result.Machine.Server = v.GitVersion
	}

	// Policies: the shipped set, and the hand-made layouts the series need.
	if err := kubectl(ctx, c.Kubeconfig, log, "apply", "-k", o.manifests); err != nil {
		return err
	}
	shipped, err := bench.LoadManifests(o.manifests)
	if err != nil {
		return err
	}
	keys := unique(append(append(slices.Clone(o.series), o.deploySeries...), o.profileSeries...))
	extra, labels, err := benchLayouts(shipped, o.root, keys)
	if err != nil {
		return err
	}
	created, err := applySet(ctx, raw, extra)
	if !o.keep {
		defer deleteSet(raw, created, log)
	}
	if err != nil {
		return err
	}
	if err := waitPolicies(ctx, raw, 2*time.Minute); err != nil {
		return err
	}

	// Namespaces, one per series.
	runID := fmt.Sprintf("%x", started.Unix()%0xfffff)
	namespaces := map[string]string{}
	for _, k := range keys {
		def := seriesByKey[k]
		nsLabels := def.Labels
		if def.Layout != "" {
			nsLabels = labels[def.Layout]
		}
		name := fmt.Sprintf("vb-%s-%s-%s", runID, k, def.Name)
		name = strings.ReplaceAll(name, "+", "-")
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: nsLabels}}
		if _, err := raw.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("namespace %s: %w", name, err)
		}
		namespaces[k] = name
		if !o.keep {
			defer deleteNamespace(raw, name, log)
		}
	}
	if c.WorkDir == "" && !o.keep {
		defer waitNamespacesGone(raw, namespaces, 5*time.Minute, log)
	}
	fmt.Fprintf(log, "namespaces: %v\n", namespaces)
	if err := waitServiceAccounts(ctx, raw, namespaces, time.Minute); err != nil {
		return err
	}
	if err := sanityCheck(ctx, cs, o, namespaces, time.Minute); err != nil {
		return err
	}

	// Interleaved rounds.
	var jobs []*job
	for _, k := range o.series {
		jobs = append(jobs, newJob("pod", seriesByKey[k], namespaces[k], o.n, o.containers))
	}
	if o.deployments > 0 {
		for _, k := range o.deploySeries {
			jobs = append(jobs, newJob("deployment", seriesByKey[k], namespaces[k], o.deployments, o.containers))
		}
	}
	loadCtx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	truncated := runRounds(loadCtx, cs, raw, c, o, jobs, log)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	result.Truncated = truncated
	for _, j := range jobs {
		result.Series = append(result.Series, j.summary())
	}
	result.Ratios = ratios(jobs)

	// CPU profiles, one series at a time.
	if o.profile > 0 {
		for _, k := range o.profileSeries {
			if loadCtx.Err() != nil {
				break
			}
			p, err := profileSeries(loadCtx, cs, raw, c, o, seriesByKey[k], namespaces[k], o.out, log)
			if err != nil {
				fmt.Fprintf(log, "profile of series %s: %v\n", k, err)
				continue
			}
			result.Profiles = append(result.Profiles, p)
		}
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

func unique(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func kubectl(ctx context.Context, kubeconfig string, log io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, "kubectl", args...)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+kubeconfig)
	cmd.Stdout, cmd.Stderr = io.Discard, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kubectl %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// benchLayouts returns the objects of the hand-made layouts the series use
// (pods and workloads) and each layout's namespace labels.
func benchLayouts(shipped *bench.Set, root string, keys []string) (*bench.Set, map[string]map[string]string, error) {
	need := map[string]bool{}
	for _, k := range keys {
		if l := seriesByKey[k].Layout; l != "" {
			need[l] = true
		}
	}
	out, labels := &bench.Set{}, map[string]map[string]string{}
	if need[generatedLayout] {
		s, err := bench.PerProfile(filepath.Join(root, "policies"), filepath.Join(root, "overlays"))
		if err != nil {
			return nil, nil, err
		}
		out.Add(s)
		labels[generatedLayout] = seriesByKey["p"].Labels
	}
	for _, t := range []struct{ template, suffix string }{{"", "pods"}, {"spec.template", "workloads"}} {
		layouts, err := bench.Layouts(shipped, t.template, t.suffix)
		if err != nil {
			return nil, nil, err
		}
		for _, l := range layouts {
			if need[l.Name] {
				out.Add(&l.Set)
				labels[l.Name] = l.Labels
			}
		}
	}
	return out, labels, nil
}

// applySet creates (or updates) the policies and bindings; it returns what
// exists afterwards, for deleteSet.
func applySet(ctx context.Context, cs kubernetes.Interface, s *bench.Set) (*bench.Set, error) {
	done := &bench.Set{}
	api := cs.AdmissionregistrationV1()
	for _, p := range s.Policies {
		_, err := api.ValidatingAdmissionPolicies().Create(ctx, p, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			var old *bench.Policy
			if old, err = api.ValidatingAdmissionPolicies().Get(ctx, p.Name, metav1.GetOptions{}); err == nil {
				p = p.DeepCopy()
				p.ResourceVersion = old.ResourceVersion
				_, err = api.ValidatingAdmissionPolicies().Update(ctx, p, metav1.UpdateOptions{})
			}
		}
		if err != nil {
			return done, fmt.Errorf("ValidatingAdmissionPolicy %s: %w", p.Name, err)
		}
		done.Policies = append(done.Policies, p)
	}
	for _, b := range s.Bindings {
		_, err := api.ValidatingAdmissionPolicyBindings().Create(ctx, b, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			var old *bench.Binding
			if old, err = api.ValidatingAdmissionPolicyBindings().Get(ctx, b.Name, metav1.GetOptions{}); err == nil {
				b = b.DeepCopy()
				b.ResourceVersion = old.ResourceVersion
				_, err = api.ValidatingAdmissionPolicyBindings().Update(ctx, b, metav1.UpdateOptions{})
			}
		}
		if err != nil {
			return done, fmt.Errorf("ValidatingAdmissionPolicyBinding %s: %w", b.Name, err)
		}
		done.Bindings = append(done.Bindings, b)
	}
	return done, nil
}

func deleteSet(cs kubernetes.Interface, s *bench.Set, log io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	api := cs.AdmissionregistrationV1()
	for _, b := range s.Bindings {
		if err := api.ValidatingAdmissionPolicyBindings().Delete(ctx, b.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			fmt.Fprintf(log, "delete ValidatingAdmissionPolicyBinding %s: %v\n", b.Name, err)
		}
	}
	for _, p := range s.Policies {
		if err := api.ValidatingAdmissionPolicies().Delete(ctx, p.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
			fmt.Fprintf(log, "delete ValidatingAdmissionPolicy %s: %v\n", p.Name, err)
		}
	}
}

func deleteNamespace(cs kubernetes.Interface, name string, log io.Writer) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cs.CoreV1().Namespaces().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
		fmt.Fprintf(log, "delete namespace %s: %v\n", name, err)
	}
}

// waitNamespacesGone waits (bounded) until the namespace controller has
// deleted the namespaces and their objects, on a cluster not started here.
func waitNamespacesGone(cs kubernetes.Interface, namespaces map[string]string, timeout time.Duration, log io.Writer) {
	deadline := time.Now().Add(timeout)
	for _, name := range namespaces {
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_, err := cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
			cancel()
			if apierrors.IsNotFound(err) {
				break
			}
			if time.Now().After(deadline) {
				fmt.Fprintf(log, "namespace %s is still being deleted after %s\n", name, timeout)
				return
			}
			time.Sleep(2 * time.Second)
		}
	}
}

// waitPolicies waits until kube-controller-manager has type-checked every
// policy (status.observedGeneration), then 2 s more for the API server's
// informers, as hack/e2e/run.sh does.
func waitPolicies(ctx context.Context, cs kubernetes.Interface, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		list, err := cs.AdmissionregistrationV1().ValidatingAdmissionPolicies().List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		pending := 0
		for _, p := range list.Items {
			if p.Status.ObservedGeneration != p.Generation {
				pending++
			}
			if tc := p.Status.TypeChecking; tc != nil && len(tc.ExpressionWarnings) > 0 {
				w := tc.ExpressionWarnings[0]
				return fmt.Errorf("ValidatingAdmissionPolicy %s: type checking: %s: %s", p.Name, w.FieldRef, w.Warning)
			}
		}
		if pending == 0 {
			return sleep(ctx, 2*time.Second)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d ValidatingAdmissionPolicies not type-checked after %s", pending, timeout)
		}
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func waitServiceAccounts(ctx context.Context, cs kubernetes.Interface, namespaces map[string]string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, ns := range namespaces {
		for {
			_, err := cs.CoreV1().ServiceAccounts(ns).Get(ctx, "default", metav1.GetOptions{})
			if err == nil {
				break
			}
			if !apierrors.IsNotFound(err) || time.Now().After(deadline) {
				return fmt.Errorf("ServiceAccount default in %s: %w", ns, err)
			}
			if err := sleep(ctx, 500*time.Millisecond); err != nil {
				return err
			}
		}
	}
	return nil
}

// sanityCheck proves, with dry-run requests, that every series' namespace
// admits the pod (and Deployment) of the benchmark and that its policies are
// active: a pod with a hostPort is denied wherever a policy applies.
func sanityCheck(ctx context.Context, cs kubernetes.Interface, o options, namespaces map[string]string, timeout time.Duration) error {
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	good := bench.Pod("sanity-good", o.containers)
	bad := bench.Pod("sanity-bad", o.containers)
	bad.Spec.Containers[0].Ports[0].HostPort = 8080
	goodDeploy := bench.Deployment("sanity-good", o.containers)
	badDeploy := bench.Deployment("sanity-bad", o.containers)
	badDeploy.Spec.Template.Spec.Containers[0].Ports[0].HostPort = 8080
	deadline := time.Now().Add(timeout)
	for {
		var problems []string
		for k, ns := range namespaces {
			def := seriesByKey[k]
			if _, err := cs.CoreV1().Pods(ns).Create(ctx, good, dry); err != nil {
				problems = append(problems, fmt.Sprintf("%s: the benchmark pod is denied: %v", ns, err))
			}
			if _, err := cs.CoreV1().Pods(ns).Create(ctx, bad, dry); (err != nil) != def.Denies {
				problems = append(problems, fmt.Sprintf("%s: a pod with a hostPort: want denied=%v, got %v", ns, def.Denies, err))
			}
			if slices.Contains(o.deploySeries, k) && o.deployments > 0 {
				if _, err := cs.AppsV1().Deployments(ns).Create(ctx, goodDeploy, dry); err != nil {
					problems = append(problems, fmt.Sprintf("%s: the benchmark Deployment is denied: %v", ns, err))
				}
				if _, err := cs.AppsV1().Deployments(ns).Create(ctx, badDeploy, dry); (err != nil) != def.Denies {
					problems = append(problems, fmt.Sprintf("%s: a Deployment with a hostPort: want denied=%v, got %v", ns, def.Denies, err))
				}
			}
		}
		if len(problems) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New("sanity check failed:\n  " + strings.Join(problems, "\n  "))
		}
		if err := sleep(ctx, time.Second); err != nil {
			return err
		}
	}
}

// create creates one object of a job's kind.
func create(ctx context.Context, cs kubernetes.Interface, kind, ns, name string, pod *corev1.Pod, deploy *appsv1.Deployment) error {
	if kind == "pod" {
		p := pod.DeepCopy()
		p.Name = name
		_, err := cs.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{})
		return err
	}
	d := deploy.DeepCopy()
	d.Name = name
	_, err := cs.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{})
	return err
}
