// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"sync"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	psaapi "k8s.io/pod-security-admission/api"
	psapolicy "k8s.io/pod-security-admission/policy"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/internal/psstest"
)

// world is the layouts of LayoutNames, generated from ../policies and
// ../overlays, each with an evaluator of its objects.
type world struct {
	layouts    []Layout
	mu         sync.Mutex
	evaluators map[string]*evaluator.Evaluator
}

var (
	worldOnce sync.Once
	theWorld  *world
	worldErr  error
)

func loadWorld(tb testing.TB) *world {
	tb.Helper()
	worldOnce.Do(func() {
		w := &world{evaluators: map[string]*evaluator.Evaluator{}}
		if w.layouts, worldErr = Layouts("../policies", "../overlays"); worldErr != nil {
			return
		}
		theWorld = w
	})
	if worldErr != nil {
		tb.Fatal(worldErr)
	}
	return theWorld
}

// evaluator returns the evaluator of a layout's objects, through the API
// server's exact path or the fast one.
func (w *world) evaluator(tb testing.TB, l Layout, exact bool) *evaluator.Evaluator {
	tb.Helper()
	key := fmt.Sprint(l.Name, exact)
	w.mu.Lock()
	defer w.mu.Unlock()
	if e, ok := w.evaluators[key]; ok {
		return e
	}
	set, err := evaluator.NewSet(l.Policies, l.Bindings, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if problems := set.Problems(); len(problems) > 0 {
		tb.Fatalf("the API server would reject: %v", problems)
	}
	var opts []evaluator.Option
	if exact {
		opts = append(opts, evaluator.Exact())
	}
	e, err := evaluator.New(set, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	w.evaluators[key] = e
	return e
}

func namespace(name string, labels map[string]string) *corev1.Namespace {
	l := map[string]string{"kubernetes.io/metadata.name": name}
	maps.Copy(l, labels)
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: l}}
}

func decide(tb testing.TB, e *evaluator.Evaluator, obj runtime.Object, ns *corev1.Namespace) evaluator.Decision {
	tb.Helper()
	d, err := e.Evaluate(context.Background(), evaluator.Request{Object: obj, Namespace: ns})
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// TestLayoutsAgree checks that every layout, the experiments included,
// decides like PSA on random pods and their Deployments, and that the
// per-rule opt-out label lifts its rule and no other.
func TestLayoutsAgree(t *testing.T) {
	w := loadWorld(t)
	oracle, err := psstest.NewOracle(psstest.Latest)
	if err != nil {
		t.Fatal(err)
	}
	gen := psstest.NewPodGenerator(8)
	for i := range 100 {
		pod := gen.Pod()
		pod.Name = fmt.Sprintf("p%d", i)
		want := oracle.Evaluate(psaapi.LevelRestricted, psstest.Defaulted(pod)).Allowed
		for _, obj := range []runtime.Object{pod, psstest.Wrap("Deployment", pod)} {
			for _, l := range w.layouts {
				d := decide(t, w.evaluator(t, l, false), obj, namespace("ns-"+l.Name, l.Labels))
				if d.Allowed != want {
					t.Fatalf("%s %s: layout %s allowed=%v, PSA allowed=%v: %s\n%s", obj.GetObjectKind().GroupVersionKind().Kind, pod.Name, l.Name, d.Allowed, want, d.Message, psstest.PodYAML(pod))
				}
			}
		}
	}
	hostPort := Pod("host-port", 3)
	hostPort.Spec.Containers[0].Ports[0].HostPort = 8080
	for _, l := range w.layouts {
		e := w.evaluator(t, l, false)
		labels := maps.Clone(l.Labels)
		if d := decide(t, e, hostPort, namespace("ns-"+l.Name, labels)); d.Allowed {
			t.Errorf("layout %s admits a hostPort", l.Name)
		}
		labels[l.Name+"."+BenchLabelPrefix+"/disallow-host-ports"] = "exclude"
		if d := decide(t, e, hostPort, namespace("ns-"+l.Name, labels)); !d.Allowed {
			t.Errorf("layout %s with disallow-host-ports excluded: %s", l.Name, d.Message)
		}
		hostPort.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = nil
		if d := decide(t, e, hostPort, namespace("ns-"+l.Name, labels)); d.Allowed {
			t.Errorf("layout %s with disallow-host-ports excluded admits allowPrivilegeEscalation unset", l.Name)
		}
		hostPort.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = ptr(false)
	}
}

// BenchmarkRestricted compares, for a restricted pod with 3 and with 50
// containers (1 init container), as sent by a client and as the API server
// stores it (storedPod: with managedFields), PSA's Go evaluator at
// restricted and the latest version with the API server's own VAP admission
// path (evaluator.Exact: the dispatcher, matching and CEL of k8s.io/apiserver)
// for each layout of LayoutNames, in a namespace that selects its
// restricted profile; "none" is the per-rule layout's evaluator in a
// namespace no binding selects (decoding, defaulting and matching only),
// and "empty" an evaluator without any policy: what the evaluator does for
// every request before admission (encoding the pod as a client sends it,
// decoding and defaulting it as the API server does, which PSA's figure
// does not include). A layout's own cost is its figure minus empty's.
func BenchmarkRestricted(b *testing.B) {
	w := loadWorld(b)
	psa, err := psapolicy.NewEvaluator(psapolicy.DefaultChecks(), nil)
	if err != nil {
		b.Fatal(err)
	}
	level := psaapi.LevelVersion{Level: psaapi.LevelRestricted, Version: psstest.Latest}
	for _, v := range []struct {
		name string
		pod  *corev1.Pod
	}{
		{"containers=3", Pod("shop", 3)}, {"containers=3-stored", storedPod(b, 3)},
		{"containers=50", Pod("shop", 50)}, {"containers=50-stored", storedPod(b, 50)},
	} {
		pod := v.pod
		cases := []struct {
			name   string
			e      *evaluator.Evaluator
			labels map[string]string
		}{{"empty", w.evaluator(b, Layout{Name: "empty"}, true), nil}, {"none", w.evaluator(b, w.layouts[0], true), nil}}
		for _, l := range w.layouts {
			cases = append(cases, struct {
				name   string
				e      *evaluator.Evaluator
				labels map[string]string
			}{l.Name, w.evaluator(b, l, true), l.Labels})
		}
		for _, c := range cases {
			ns := namespace("ns", c.labels)
			if d := decide(b, c.e, pod, ns); !d.Allowed || (c.labels != nil) != (len(d.Results) > 0) {
				b.Fatalf("%s: want admitted after %v results, got allowed=%v, %d: %s", c.name, c.labels != nil, d.Allowed, len(d.Results), d.Message)
			}
			b.Run(v.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				req := evaluator.Request{Object: pod, Namespace: ns}
				for b.Loop() {
					if _, err := c.e.Evaluate(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		defaulted := psstest.Defaulted(pod)
		if !psapolicy.AggregateCheckResults(psa.EvaluatePod(level, &defaulted.ObjectMeta, &defaulted.Spec)).Allowed {
			b.Fatalf("PSA denies the %s pod", v.name)
		}
		b.Run(v.name+"/psa", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				psa.EvaluatePod(level, &defaulted.ObjectMeta, &defaulted.Spec)
			}
		})
	}
}

// storedPod returns Pod("shop", containers) as the API server hands it to
// admission on create: testdata/pod-stored.json is the 3-container pod read
// back from kube-apiserver 1.35 (defaults, the ServiceAccount token volume,
// status, and metadata.managedFields, 3.7 kB of FieldsV1 that every
// conversion to unstructured form decodes from JSON); the sidecars beyond
// the first are added to the spec and to managedFields as the field manager
// records them.
func storedPod(tb testing.TB, containers int) *corev1.Pod {
	tb.Helper()
	data, err := os.ReadFile("testdata/pod-stored.json")
	if err != nil {
		tb.Fatal(err)
	}
	pod := &corev1.Pod{}
	if err := json.Unmarshal(data, pod); err != nil {
		tb.Fatal(err)
	}
	if len(pod.ManagedFields) != 1 || len(pod.Spec.Containers) != 2 || containers < 3 {
		tb.Fatalf("testdata/pod-stored.json: want 2 containers and 1 managedFields entry; containers >= 3")
	}
	var fields map[string]any
	if err := json.Unmarshal(pod.ManagedFields[0].FieldsV1.Raw, &fields); err != nil {
		tb.Fatal(err)
	}
	list := fields["f:spec"].(map[string]any)["f:containers"].(map[string]any)
	proxy := list[`k:{"name":"proxy-1"}`].(map[string]any)
	want := Pod("shop", containers).Spec.Containers
	for _, c := range want[2:] {
		port := c.Ports[0]
		sidecar := pod.Spec.Containers[1].DeepCopy()
		sidecar.Name, sidecar.Ports[0].Name, sidecar.Ports[0].ContainerPort = c.Name, port.Name, port.ContainerPort
		pod.Spec.Containers = append(pod.Spec.Containers, *sidecar)
		entry := runtime.DeepCopyJSONValue(proxy).(map[string]any)
		ports := entry["f:ports"].(map[string]any)
		ports[fmt.Sprintf(`k:{"containerPort":%d,"protocol":"TCP"}`, port.ContainerPort)] = ports[`k:{"containerPort":8445,"protocol":"TCP"}`]
		delete(ports, `k:{"containerPort":8445,"protocol":"TCP"}`)
		list[fmt.Sprintf(`k:{"name":%q}`, c.Name)] = entry
	}
	if pod.ManagedFields[0].FieldsV1.Raw, err = json.Marshal(fields); err != nil {
		tb.Fatal(err)
	}
	for i, c := range pod.Spec.Containers {
		if c.Name != want[i].Name {
			tb.Fatalf("stored pod: container %d is %s, want %s", i, c.Name, want[i].Name)
		}
	}
	return pod
}

// BenchmarkToUnstructured is the step the API server repeats for every
// matched policy, up to four times (matchConditions, validations,
// messageExpressions, auditAnnotations): runtime.DefaultUnstructuredConverter
// on the admitted pod, with and without its managedFields, whose FieldsV1
// (like IntOrString) has no ToUnstructured fast path and goes through
// encoding/json.
func BenchmarkToUnstructured(b *testing.B) {
	for _, size := range []int{3, 50} {
		stored := storedPod(b, size)
		bare := stored.DeepCopy()
		bare.ManagedFields = nil
		for _, v := range []struct {
			name string
			pod  *corev1.Pod
		}{{"stored", stored}, {"stored-without-managedFields", bare}} {
			b.Run(fmt.Sprintf("containers=%d/%s", size, v.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := runtime.DefaultUnstructuredConverter.ToUnstructured(v.pod); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
