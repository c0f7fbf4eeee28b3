// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"

	"github.com/vapgen/vapgen/generator"
)

// Issue 5: workloads with a bad pod template are judged at apply time by the
// pod-template policies (README "No way around it", "Controllers").

var (
	warnControllers = newVariant(func(o *generator.Options) { o.Controllers = generator.ControllersWarn })
	offControllers  = newVariant(func(o *generator.Options) { o.Controllers = generator.ControllersOff })
)

// workload is a kind with a pod template: its resource as the API server
// names it in messages, the suffix of its pod-template policy and the path
// of the template.
type workload struct {
	kind, resource, suffix, path string
}

var workloads = []workload{
	{"Deployment", "deployments.apps", "-workloads", "spec.template"},
	{"StatefulSet", "statefulsets.apps", "-workloads", "spec.template"},
	{"DaemonSet", "daemonsets.apps", "-workloads", "spec.template"},
	{"ReplicaSet", "replicasets.apps", "-workloads", "spec.template"},
	{"ReplicationController", "replicationcontrollers", "-workloads", "spec.template"},
	{"Job", "jobs.batch", "-workloads", "spec.template"},
	{"CronJob", "cronjobs.batch", "-cronjobs", "spec.jobTemplate.spec.template"},
	{"PodTemplate", "podtemplates", "-podtemplates", "template"},
}

const privilegedMsg = `privileged (container "app" must not set securityContext.privileged=true)`

// privilegedDenied is the API server's message for a privileged template.
func (w workload) privilegedDenied(name string) string {
	p := "disallow-privileged-containers" + w.suffix
	return forbidden(w.resource, name, p, p, "pod template ("+w.path+"): "+privilegedMsg)
}

func TestControllersJudgeTemplates(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	for _, w := range workloads {
		t.Run(w.kind, func(t *testing.T) {
			check(t, f.decide(t, req{obj: wrap(w.kind, basePod("web", privileged)), ns: namespace("shop", "profile", "baseline")}),
				want{Deny: w.privilegedDenied("web")})
			check(t, f.decide(t, req{obj: wrap(w.kind, restrictedPod("web")), ns: namespace("shop", "profile", "restricted")}), want{})
			// The same template is fine where nothing is enforced.
			check(t, f.decide(t, req{obj: wrap(w.kind, basePod("web", privileged)), ns: namespace("shop")}), want{})
		})
	}
}

// TestControllersUpdates: an UPDATE that leaves the template alone (scaling,
// relabelling an old workload) is admitted; one that changes it is judged.
func TestControllersUpdates(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	ns := namespace("shop", "profile", "baseline")
	old := func() *appsv1.Deployment { return wrap("Deployment", basePod("web", privileged)).(*appsv1.Deployment) }

	scaled := old()
	scaled.Spec.Replicas = ptr(int32(5))
	check(t, f.decide(t, req{old: old(), obj: scaled, ns: ns}), want{})

	check(t, f.decide(t, req{old: old(), obj: wrap("Deployment", basePod("web", privileged, image("registry.example/app:2"))), ns: ns}),
		want{Deny: workloads[0].privilegedDenied("web")})

	// The template made compliant: admitted.
	check(t, f.decide(t, req{old: old(), obj: wrap("Deployment", basePod("web")), ns: ns}), want{})

	for _, w := range workloads {
		t.Run(w.kind, func(t *testing.T) {
			bad := func() object { return wrap(w.kind, basePod("web", privileged)) }
			relabelled := bad()
			relabelled.SetLabels(map[string]string{"team": "checkout"})
			check(t, f.decide(t, req{old: bad(), obj: relabelled, ns: ns}), want{})
			check(t, f.decide(t, req{old: bad(), obj: wrap(w.kind, basePod("web", privileged, image("registry.example/app:2"))), ns: ns}),
				want{Deny: w.privilegedDenied("web")})
		})
	}
}

// TestControllersWarn: with `controllers: warn` a bad template is admitted
// with a warning; pods are still denied.
func TestControllersWarn(t *testing.T) {
	t.Parallel()
	f := warnControllers.get(t)
	ns := namespace("shop", "profile", "baseline")
	for _, w := range workloads {
		t.Run(w.kind, func(t *testing.T) {
			p := "disallow-privileged-containers" + w.suffix
			check(t, f.decide(t, req{obj: wrap(w.kind, basePod("web", privileged)), ns: ns}),
				want{Warnings: []string{warning(p, p, "pod template ("+w.path+"): "+privilegedMsg)}})
		})
	}
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: ns}),
		want{Deny: forbidden("pods", "web", "disallow-privileged-containers", "disallow-privileged-containers", privilegedMsg)})
}

// TestControllersOff: with `controllers: off` no pod-template policy exists,
// workloads are admitted, pods are still denied.
func TestControllersOff(t *testing.T) {
	t.Parallel()
	f := offControllers.get(t)
	ns := namespace("shop", "profile", "baseline")
	for _, u := range f.units {
		for _, p := range u.Policies {
			if p.Annotations[generator.PodTemplateAnnotation] != "" {
				t.Errorf("%s: pod template policy %s", u.Name, p.Name)
			}
		}
	}
	for _, w := range workloads {
		t.Run(w.kind, func(t *testing.T) {
			d := f.decide(t, req{obj: wrap(w.kind, basePod("web", privileged)), ns: ns})
			check(t, d, want{})
			if len(d.Results) != 0 {
				t.Errorf("a policy matched: %+v", d.Results)
			}
		})
	}
	check(t, f.decide(t, req{obj: basePod("web", privileged), ns: ns}),
		want{Deny: forbidden("pods", "web", "disallow-privileged-containers", "disallow-privileged-containers", privilegedMsg)})
}

// TestControllersTemplateMetadata: `object.metadata` of a pod rule means the
// template's metadata in the pod-template policies (README "Design"): an
// AppArmor annotation on the template is judged, one on the workload itself
// is not (PSA reads the pod's annotations).
func TestControllersTemplateMetadata(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	ns := namespace("shop", "profile", "baseline")
	const key = "container.apparmor.security.beta.kubernetes.io/app"
	onTemplate := basePod("web")
	onTemplate.Annotations = map[string]string{key: "unconfined"}
	const p = "restrict-apparmor-profiles-workloads"
	check(t, f.decide(t, req{obj: wrap("StatefulSet", onTemplate), ns: ns}), want{Deny: forbidden("statefulsets.apps", "web", p, p,
		`pod template (spec.template): forbidden AppArmor profile (annotation must not set AppArmor profile type to "`+key+`=unconfined")`)})
	onWorkload := wrap("StatefulSet", basePod("web"))
	onWorkload.SetAnnotations(map[string]string{key: "unconfined"})
	check(t, f.decide(t, req{obj: onWorkload, ns: ns}), want{})
	if v := psa(t, "baseline", onTemplate); v.Allowed {
		t.Errorf("PSA admits the annotated pod: %s", v)
	}
}
