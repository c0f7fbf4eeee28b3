// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package bench

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func ptr[T any](v T) *T { return &v }

// containerSecurityContext is a full restricted security context.
func containerSecurityContext() *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		RunAsNonRoot:             ptr(true),
		RunAsUser:                ptr(int64(10001)),
		RunAsGroup:               ptr(int64(10001)),
		ReadOnlyRootFilesystem:   ptr(true),
		SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
	}
}

func resources(cpu, mem string) corev1.ResourceRequirements {
	return corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem)},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(mem)},
	}
}

// PodSpec is a realistic pod spec that meets the restricted level: an init
// container and containers-1 application containers (the first one a web
// server with probes, the others sidecars with a port), every one with a
// full security context, as does the pod. containers must be at least 2.
// With 3 it has the shape of evaluator/testdata/objects/pod-restricted.yaml.
func PodSpec(containers int) corev1.PodSpec {
	if containers < 2 {
		panic("PodSpec needs at least 2 containers")
	}
	spec := corev1.PodSpec{
		SecurityContext: &corev1.PodSecurityContext{
			RunAsNonRoot:   ptr(true),
			RunAsUser:      ptr(int64(10001)),
			RunAsGroup:     ptr(int64(10001)),
			FSGroup:        ptr(int64(10001)),
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
		},
		InitContainers: []corev1.Container{{
			Name:            "migrate",
			Image:           "registry.example.com/shop/migrate:2.4.1",
			Args:            []string{"--wait-for-db", "--timeout=60s"},
			EnvFrom:         []corev1.EnvFromSource{{ConfigMapRef: &corev1.ConfigMapEnvSource{LocalObjectReference: corev1.LocalObjectReference{Name: "shop-db"}}}},
			SecurityContext: containerSecurityContext(),
			Resources:       resources("50m", "64Mi"),
		}},
		Containers: []corev1.Container{{
			Name:  "shop",
			Image: "registry.example.com/shop/frontend:2.4.1",
			Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080}},
			Env: []corev1.EnvVar{
				{Name: "LOG_LEVEL", Value: "info"},
				{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}},
			},
			ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromString("http")}}, PeriodSeconds: 5},
			LivenessProbe:  &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/livez", Port: intstr.FromString("http")}}},
			VolumeMounts: []corev1.VolumeMount{
				{Name: "config", MountPath: "/etc/shop", ReadOnly: true},
				{Name: "cache", MountPath: "/var/cache/shop"},
			},
			SecurityContext: containerSecurityContext(),
			Resources:       resources("250m", "256Mi"),
		}},
		Volumes: []corev1.Volume{
			{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "shop-config"}}}},
			{Name: "cache", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{SizeLimit: ptr(resource.MustParse("1Gi"))}}},
			{Name: "tls", VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: []corev1.VolumeProjection{{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: "shop-tls"}}}}}}},
		},
	}
	for i := 2; i < containers; i++ {
		sc := containerSecurityContext()
		sc.Capabilities.Add = []corev1.Capability{"NET_BIND_SERVICE"}
		spec.Containers = append(spec.Containers, corev1.Container{
			Name:            fmt.Sprintf("proxy-%d", i-1),
			Image:           "registry.example.com/envoy:1.31.2",
			Ports:           []corev1.ContainerPort{{Name: fmt.Sprintf("https-%d", i-1), ContainerPort: int32(8443 + i)}},
			VolumeMounts:    []corev1.VolumeMount{{Name: "tls", MountPath: "/etc/tls", ReadOnly: true}},
			SecurityContext: sc,
			Resources:       resources("100m", "64Mi"),
		})
	}
	return spec
}

var podLabels = map[string]string{"app.kubernetes.io/name": "shop", "app.kubernetes.io/component": "frontend"}

// Pod returns a restricted pod with PodSpec(containers).
func Pod(name string, containers int) *corev1.Pod {
	return &corev1.Pod{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{
			Name:        name,
			Labels:      podLabels,
			Annotations: map[string]string{"prometheus.io/scrape": "true"},
		},
		Spec: PodSpec(containers),
	}
}

// Deployment returns a paused Deployment whose template is PodSpec(containers).
// Paused, the deployment controller creates no ReplicaSet, so that creating
// it costs one admission and nothing in the background.
func Deployment(name string, containers int) *appsv1.Deployment {
	return &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: podLabels},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(int32(1)),
			Paused:   true,
			Selector: &metav1.LabelSelector{MatchLabels: podLabels},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: podLabels, Annotations: map[string]string{"prometheus.io/scrape": "true"}},
				Spec:       PodSpec(containers),
			},
		},
	}
}
