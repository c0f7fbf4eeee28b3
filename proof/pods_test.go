// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/vapgen/vapgen/internal/psstest"
)

// Pods of the tests. basePod meets the baseline profile and nothing more;
// restrictedPod meets the restricted profile. TestPodsAgreeWithPSA proves it.

func basePod(name string, mods ...func(*corev1.Pod)) *corev1.Pod {
	p := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": name}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.example/app:1"}}},
	}
	for _, m := range mods {
		m(p)
	}
	return p
}

func restrictedPod(name string, mods ...func(*corev1.Pod)) *corev1.Pod {
	return basePod(name, append([]func(*corev1.Pod){restricted}, mods...)...)
}

// restricted makes every container (those added later too, through
// restrictedSC) meet the restricted profile.
func restricted(p *corev1.Pod) {
	p.Spec.SecurityContext = &corev1.PodSecurityContext{
		RunAsNonRoot:   ptr(true),
		SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
	for i := range p.Spec.Containers {
		p.Spec.Containers[i].SecurityContext = restrictedSC()
	}
}

func restrictedSC() *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	}
}

func ptr[T any](v T) *T { return &v }

// Modifiers of the first container or the pod.

func privileged(p *corev1.Pod) {
	sc := sc(&p.Spec.Containers[0])
	sc.Privileged, sc.AllowPrivilegeEscalation = ptr(true), nil
}

func hostNetwork(p *corev1.Pod) { p.Spec.HostNetwork = true }

func noRunAsNonRoot(p *corev1.Pod) { p.Spec.SecurityContext.RunAsNonRoot = nil }

func image(img string) func(*corev1.Pod) {
	return func(p *corev1.Pod) { p.Spec.Containers[0].Image = img }
}

func runtimeClass(name string) func(*corev1.Pod) {
	return func(p *corev1.Pod) { p.Spec.RuntimeClassName = &name }
}

// addCaps sets the first container's capabilities.add, keeping drop.
func addCaps(caps ...corev1.Capability) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		sc := sc(&p.Spec.Containers[0])
		if sc.Capabilities == nil {
			sc.Capabilities = &corev1.Capabilities{}
		}
		sc.Capabilities.Add = caps
	}
}

// volume adds a volume mounted by the first container.
func volume(v corev1.Volume, readOnly bool) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		p.Spec.Volumes = append(p.Spec.Volumes, v)
		c := &p.Spec.Containers[0]
		c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: v.Name, MountPath: "/mnt/" + v.Name, ReadOnly: readOnly})
	}
}

func hostPath(name, path string) corev1.Volume {
	return corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: path}}}
}

// sidecar adds a second container (restricted when the pod is) that mounts
// the pod's volumes with the given readOnly.
func sidecar(readOnly bool) func(*corev1.Pod) {
	return func(p *corev1.Pod) {
		c := corev1.Container{Name: "sidecar", Image: "registry.example/sidecar:1"}
		if p.Spec.SecurityContext != nil {
			c.SecurityContext = restrictedSC()
		}
		for _, v := range p.Spec.Volumes {
			c.VolumeMounts = append(c.VolumeMounts, corev1.VolumeMount{Name: v.Name, MountPath: "/side/" + v.Name, ReadOnly: readOnly})
		}
		p.Spec.Containers = append(p.Spec.Containers, c)
	}
}

func sc(c *corev1.Container) *corev1.SecurityContext {
	if c.SecurityContext == nil {
		c.SecurityContext = &corev1.SecurityContext{}
	}
	return c.SecurityContext
}

// wrap puts a pod into a workload of the given kind (psstest.WorkloadKinds).
func wrap(kind string, p *corev1.Pod) object { return psstest.Wrap(kind, p) }
