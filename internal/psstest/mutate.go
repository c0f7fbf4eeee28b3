// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// mutation changes one field PSA reads, of the pod or of its container c.
type mutation func(g *PodGenerator, pod *corev1.Pod, c *corev1.Container)

// mutations are drawn uniformly; a few appear twice to be drawn more often.
var mutations = []mutation{
	mutateHostNetwork,
	mutateHostPID,
	mutateHostIPC,
	mutateHostUsers,
	mutateOS,
	mutatePodRunAsNonRoot,
	mutatePodRunAsUser,
	mutatePodSeccomp,
	mutatePodSELinux,
	mutatePodAppArmor,
	mutatePodWindows,
	mutateSysctls,
	mutateAppArmorAnnotation,
	mutateSeccompAnnotation,
	mutateVolume,
	mutateVolume,
	mutatePrivileged,
	mutateAllowPrivilegeEscalation,
	mutateAddCapabilities,
	mutateAddCapabilities,
	mutateDropCapabilities,
	mutateRunAsNonRoot,
	mutateRunAsUser,
	mutateSeccomp,
	mutateSELinux,
	mutateAppArmor,
	mutateWindows,
	mutateProcMount,
	mutateHostPorts,
	mutateLivenessProbe,
	mutateReadinessProbe,
	mutateStartupProbe,
	mutatePostStart,
	mutatePreStop,
	mutateMoreContainers,
	mutateWholeContainer,
}

// mutate changes one random field that PSA reads.
func (g *PodGenerator) mutate(pod *corev1.Pod) {
	cs := containers(pod)
	c := cs[g.pick(len(cs))]
	mutations[g.pick(len(mutations))](g, pod, c)
}

func mutateHostNetwork(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	pod.Spec.HostNetwork = g.chance(0.5)
}

func mutateHostPID(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	pod.Spec.HostPID = g.chance(0.5)
}

func mutateHostIPC(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	pod.Spec.HostIPC = g.chance(0.5)
}

func mutateHostUsers(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	pod.Spec.HostUsers = g.optBool()
}

func mutateOS(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if g.chance(0.2) {
		pod.Spec.OS = nil
	} else {
		pod.Spec.OS = &corev1.PodOS{Name: corev1.OSName(pickFrom(g, osNames))}
	}
}

func mutatePodRunAsNonRoot(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	podSC(pod).RunAsNonRoot = g.optBool()
}

func mutatePodRunAsUser(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if g.chance(0.2) {
		podSC(pod).RunAsUser = nil
	} else {
		podSC(pod).RunAsUser = ptr(pickFrom(g, runAsUsers))
	}
}

func mutatePodSeccomp(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	podSC(pod).SeccompProfile = g.seccompProfile()
}

func mutatePodSELinux(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	podSC(pod).SELinuxOptions = g.seLinuxOptions()
}

func mutatePodAppArmor(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	podSC(pod).AppArmorProfile = g.appArmorProfile()
}

func mutatePodWindows(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	podSC(pod).WindowsOptions = g.windowsOptions()
}

func mutateSysctls(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	var s []corev1.Sysctl
	for i := 1 + g.pick(3); i > 0; i-- {
		s = append(s, corev1.Sysctl{Name: pickFrom(g, sysctlNames), Value: "1"})
	}
	podSC(pod).Sysctls = s
}

func mutateAppArmorAnnotation(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	key := appArmorAnnotationPrefix + c.Name
	if g.chance(0.3) {
		key = appArmorAnnotationPrefix + "not-a-container"
	}
	pod.Annotations[key] = pickFrom(g, appArmorAnnValue)
}

func mutateSeccompAnnotation(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if pod.Annotations == nil {
		pod.Annotations = map[string]string{}
	}
	key := seccompPodAnnotation
	if g.chance(0.5) {
		key = seccompContainerPrefix + c.Name
	}
	pod.Annotations[key] = pickFrom(g, seccompAnnValue)
}

func mutateVolume(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	v := g.volume(fmt.Sprintf("vol%d", len(pod.Spec.Volumes)))
	if g.chance(0.15) {
		v.HostPath = &corev1.HostPathVolumeSource{Path: "/var/run"}
	}
	pod.Spec.Volumes = append(pod.Spec.Volumes, v)
}

func mutatePrivileged(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if g.chance(0.3) {
		c.SecurityContext = nil
	} else {
		containerSC(c).Privileged = ptr(g.chance(0.6))
	}
}

func mutateAllowPrivilegeEscalation(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	containerSC(c).AllowPrivilegeEscalation = g.optBool()
}

func mutateAddCapabilities(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	sc := containerSC(c)
	if g.chance(0.15) {
		sc.Capabilities = nil
		return
	}
	if sc.Capabilities == nil {
		sc.Capabilities = &corev1.Capabilities{}
	}
	sc.Capabilities.Add = g.capabilityList(addCapabilities)
}

func mutateDropCapabilities(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	sc := containerSC(c)
	if sc.Capabilities == nil {
		sc.Capabilities = &corev1.Capabilities{}
	}
	sc.Capabilities.Drop = g.capabilityList(dropCapabilities)
}

func mutateRunAsNonRoot(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	containerSC(c).RunAsNonRoot = g.optBool()
}

func mutateRunAsUser(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if g.chance(0.2) {
		containerSC(c).RunAsUser = nil
	} else {
		containerSC(c).RunAsUser = ptr(pickFrom(g, runAsUsers))
	}
}

func mutateSeccomp(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	containerSC(c).SeccompProfile = g.seccompProfile()
}

func mutateSELinux(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	containerSC(c).SELinuxOptions = g.seLinuxOptions()
}

func mutateAppArmor(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	containerSC(c).AppArmorProfile = g.appArmorProfile()
}

func mutateWindows(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	containerSC(c).WindowsOptions = g.windowsOptions()
}

func mutateProcMount(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if g.chance(0.2) {
		containerSC(c).ProcMount = nil
	} else {
		containerSC(c).ProcMount = ptr(corev1.ProcMountType(pickFrom(g, procMounts)))
	}
}

func mutateHostPorts(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	var ports []corev1.ContainerPort
	for i := 1 + g.pick(2); i > 0; i-- {
		ports = append(ports, corev1.ContainerPort{ContainerPort: 8080 + int32(i), HostPort: pickFrom(g, hostPorts)})
	}
	c.Ports = ports
}

func mutateLivenessProbe(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	c.LivenessProbe = g.probe()
}

func mutateReadinessProbe(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	c.ReadinessProbe = g.probe()
}

func mutateStartupProbe(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	c.StartupProbe = g.probe()
}

func mutatePostStart(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if c.Lifecycle == nil {
		c.Lifecycle = &corev1.Lifecycle{}
	}
	c.Lifecycle.PostStart = g.lifecycleHandler()
}

func mutatePreStop(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	if c.Lifecycle == nil {
		c.Lifecycle = &corev1.Lifecycle{}
	}
	c.Lifecycle.PreStop = g.lifecycleHandler()
}

func mutateMoreContainers(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	g.addContainer(pod)
}

func mutateWholeContainer(g *PodGenerator, pod *corev1.Pod, c *corev1.Container) {
	// Make a non-first container fully unconstrained or fully restricted.
	if g.chance(0.5) {
		c.SecurityContext = restrictedContainerSC()
	} else {
		c.SecurityContext = nil
	}
}
