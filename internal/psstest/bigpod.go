// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// LargePod returns a pod with n containers, spread over regular, init and
// ephemeral containers, each with a full security context, two ports, two
// probes and a lifecycle hook; the pod has a full security context and up to
// 50 volumes. With violating set, every container breaks every check it can
// (and has a legacy AppArmor annotation), so that message expressions have
// the most to say. It is the cost benchmark of the policies.
func LargePod(n int, violating bool) *corev1.Pod {
	pod := &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("large-%d", n), Annotations: map[string]string{}},
		Spec: corev1.PodSpec{SecurityContext: &corev1.PodSecurityContext{
			RunAsNonRoot:    ptr(true),
			RunAsUser:       ptr(int64(1000)),
			SeccompProfile:  &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
			SELinuxOptions:  &corev1.SELinuxOptions{Type: "container_t", Level: "s0:c1,c2"},
			AppArmorProfile: &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault},
			Sysctls:         []corev1.Sysctl{{Name: "net.ipv4.tcp_rmem", Value: "4096 87380 6291456"}},
		}},
	}
	if violating {
		sc := pod.Spec.SecurityContext
		sc.RunAsNonRoot, sc.RunAsUser = ptr(false), ptr(int64(0))
		sc.SeccompProfile.Type, sc.AppArmorProfile.Type = corev1.SeccompProfileTypeUnconfined, corev1.AppArmorProfileTypeUnconfined
		sc.SELinuxOptions = &corev1.SELinuxOptions{Type: "spc_t", User: "system_u", Role: "system_r"}
		sc.Sysctls = append(sc.Sysctls, corev1.Sysctl{Name: "kernel.msgmax", Value: "1"})
		sc.WindowsOptions = &corev1.WindowsSecurityContextOptions{HostProcess: ptr(true)}
		pod.Spec.HostNetwork, pod.Spec.HostPID, pod.Spec.HostIPC = true, true, true
	}
	port := intstr.FromInt32(8080)
	for i := 0; i < n; i++ {
		c := corev1.Container{
			Name:  fmt.Sprintf("container-%04d", i),
			Image: "registry.k8s.io/pause:3.10",
			Ports: []corev1.ContainerPort{{ContainerPort: 8080}, {ContainerPort: 8443}},
			SecurityContext: &corev1.SecurityContext{
				Privileged:               ptr(false),
				AllowPrivilegeEscalation: ptr(false),
				RunAsNonRoot:             ptr(true),
				RunAsUser:                ptr(int64(1000)),
				Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}, Add: []corev1.Capability{"NET_BIND_SERVICE"}},
				SeccompProfile:           &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
				SELinuxOptions:           &corev1.SELinuxOptions{Type: "container_t", Level: "s0:c1,c2"},
				AppArmorProfile:          &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault},
				WindowsOptions:           &corev1.WindowsSecurityContextOptions{HostProcess: ptr(false)},
				ProcMount:                ptr(corev1.DefaultProcMount),
			},
			LivenessProbe:  &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/healthz", Port: port}}},
			ReadinessProbe: &corev1.Probe{ProbeHandler: corev1.ProbeHandler{TCPSocket: &corev1.TCPSocketAction{Port: port}}},
			Lifecycle:      &corev1.Lifecycle{PreStop: &corev1.LifecycleHandler{HTTPGet: &corev1.HTTPGetAction{Path: "/stop", Port: port}}},
		}
		if violating {
			sc := c.SecurityContext
			sc.Privileged, sc.AllowPrivilegeEscalation, sc.RunAsNonRoot, sc.RunAsUser = ptr(true), ptr(true), ptr(false), ptr(int64(0))
			sc.Capabilities = &corev1.Capabilities{Add: []corev1.Capability{"SYS_ADMIN", "NET_ADMIN", "NET_RAW"}}
			sc.SeccompProfile.Type, sc.AppArmorProfile.Type = corev1.SeccompProfileTypeUnconfined, corev1.AppArmorProfileTypeUnconfined
			sc.SELinuxOptions = &corev1.SELinuxOptions{Type: "spc_t", User: "system_u", Role: "system_r"}
			sc.WindowsOptions.HostProcess = ptr(true)
			sc.ProcMount = ptr(corev1.UnmaskedProcMount)
			c.Ports[0].HostPort = 8080
			c.LivenessProbe.HTTPGet.Host = "10.0.0.1"
			c.ReadinessProbe.TCPSocket.Host = "10.0.0.1"
			c.Lifecycle.PreStop.HTTPGet.Host = "10.0.0.1"
			pod.Annotations[appArmorAnnotationPrefix+c.Name] = "unconfined"
		}
		switch i % 3 {
		case 0:
			pod.Spec.Containers = append(pod.Spec.Containers, c)
		case 1:
			pod.Spec.InitContainers = append(pod.Spec.InitContainers, c)
		default:
			pod.Spec.EphemeralContainers = append(pod.Spec.EphemeralContainers,
				corev1.EphemeralContainer{EphemeralContainerCommon: corev1.EphemeralContainerCommon(c)})
		}
		if i < 50 {
			v := corev1.Volume{Name: fmt.Sprintf("volume-%02d", i)}
			if violating {
				v.HostPath = &corev1.HostPathVolumeSource{Path: "/var/run"}
			} else {
				v.ConfigMap = &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: "config"}}
			}
			pod.Spec.Volumes = append(pod.Spec.Volumes, v)
		}
	}
	return pod
}
