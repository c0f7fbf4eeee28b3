// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"fmt"
	"math/rand"
	"reflect"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// PodGenerator makes random pods that exercise every field PSA reads at
// every implemented version (v1.30 to v1.37). It is deterministic for a
// given seed.
//
// Each pod starts from a template that passes the restricted profile (Linux,
// Windows or user-namespace flavour), passes only baseline, or is bare, and
// then gets a few random mutations. Each mutation sets one field PSA reads to
// a value drawn from a pool that mixes allowed and forbidden values, odd ones
// included (empty strings, wrong case, duplicates). That keeps both verdicts
// frequent for every check and every profile.
type PodGenerator struct {
	r *rand.Rand
	n int
}

// NewPodGenerator returns a generator seeded with seed.
func NewPodGenerator(seed int64) *PodGenerator {
	return &PodGenerator{r: rand.New(rand.NewSource(seed))}
}

// Value pools. Allowed values come first and are repeated where a check needs
// them to be common for pods to pass.
var (
	addCapabilities = []string{
		"NET_BIND_SERVICE", "NET_BIND_SERVICE", "NET_BIND_SERVICE", "CHOWN", "AUDIT_WRITE", "DAC_OVERRIDE",
		"FOWNER", "FSETID", "KILL", "MKNOD", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
		"SYS_ADMIN", "NET_RAW", "NET_ADMIN", "SYS_PTRACE", "ALL", "all", "net_bind_service", "chown",
		"CAP_CHOWN", "CAP_NET_BIND_SERVICE", "", " NET_BIND_SERVICE",
	}
	dropCapabilities = []string{"ALL", "ALL", "ALL", "all", "All", "NET_RAW", "CHOWN", "", " ALL", "CAP_ALL"}
	profileTypes     = []string{"RuntimeDefault", "RuntimeDefault", "Localhost", "Unconfined", "", "runtimedefault", "localhost", "Other"}
	seLinuxTypes     = []string{
		"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t",
		"spc_t", "unconfined_t", "Container_t", "container_t ",
	}
	seLinuxUsers  = []string{"", "", "", "system_u", "unconfined_u"}
	seLinuxRoles  = []string{"", "", "", "system_r", "object_r"}
	seLinuxLevels = []string{"", "s0:c123,c456", "s0"}
	procMounts    = []string{"Default", "Default", "Unmasked", "", "default", "unmasked"}
	runAsUsers    = []int64{0, 0, 1, 1000, 65534}
	sysctlNames   = []string{
		"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
		"net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
		"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
		"net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem",
		"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat",
		"kernel.msgmax", "kernel.sem", "net.core.somaxconn", "vm.swappiness", "net.ipv4.ip_forward",
		"net/ipv4/tcp_syncookies", "NET.IPV4.TCP_SYNCOOKIES", "", "net.ipv4.tcp_rmem.x",
	}
	hosts            = []string{"", "", "127.0.0.1", "localhost", "example.com", "10.0.0.1"}
	hostPorts        = []int32{0, 0, 80, 8080, 1, 65535}
	osNames          = []string{"linux", "windows", "windows", "Windows", "", "WINDOWS"}
	appArmorAnnValue = []string{"", "runtime/default", "localhost/profile", "localhost/", "unconfined", "Runtime/Default", "docker/default", "localhost"}
	seccompAnnValue  = []string{"runtime/default", "docker/default", "unconfined", "localhost/profile", ""}
)

const (
	appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"
	seccompPodAnnotation     = "seccomp.security.alpha.kubernetes.io/pod"
	seccompContainerPrefix   = "container.seccomp.security.alpha.kubernetes.io/"
)

func (g *PodGenerator) pick(n int) int            { return g.r.Intn(n) }
func (g *PodGenerator) chance(p float64) bool     { return g.r.Float64() < p }
func pickFrom[T any](g *PodGenerator, pool []T) T { return pool[g.r.Intn(len(pool))] }

func (g *PodGenerator) optBool() *bool {
	switch g.pick(3) {
	case 0:
		return nil
	case 1:
		return ptr(true)
	default:
		return ptr(false)
	}
}

func ptr[T any](v T) *T { return &v }

// Pod returns the next random pod.
func (g *PodGenerator) Pod() *corev1.Pod {
	g.n++
	var pod *corev1.Pod
	switch t := g.pick(10); {
	case t < 5:
		pod = restrictedTemplate()
	case t < 6:
		pod = restrictedTemplate()
		pod.Spec.OS = &corev1.PodOS{Name: corev1.Windows}
	case t < 7:
		pod = restrictedTemplate()
		pod.Spec.HostUsers = ptr(false)
	case t < 9:
		pod = baselineTemplate()
	default:
		pod = bareTemplate()
	}
	pod.Name = fmt.Sprintf("random-%d", g.n)
	// Add a few containers of each kind, copying the template's first
	// container so they start out compliant.
	for i := g.pick(3); i > 0; i-- {
		g.addContainer(pod)
	}
	var mutations int
	switch t := g.pick(20); {
	case t < 3:
		mutations = 0
	case t < 9:
		mutations = 1
	case t < 14:
		mutations = 2
	case t < 18:
		mutations = 3 + g.pick(3)
	default:
		mutations = 6 + g.pick(15)
	}
	for i := 0; i < mutations; i++ {
		g.mutate(pod)
	}
	return pod
}

func restrictedContainerSC() *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr(false),
		Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	}
}

func restrictedTemplate() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "random"},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{
				RunAsNonRoot:   ptr(true),
				SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
			},
			Containers: []corev1.Container{{Name: "app", Image: "registry.k8s.io/pause", SecurityContext: restrictedContainerSC()}},
		},
	}
}

func baselineTemplate() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "random"},
		Spec: corev1.PodSpec{
			Containers: []corev1.Container{{
				Name: "app", Image: "registry.k8s.io/pause",
				SecurityContext: &corev1.SecurityContext{Capabilities: &corev1.Capabilities{Add: []corev1.Capability{"CHOWN"}}},
			}},
		},
	}
}

func bareTemplate() *corev1.Pod {
	return &corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "random"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "registry.k8s.io/pause"}}},
	}
}

// addContainer adds a copy of the first container as a regular, init or
// ephemeral container.
func (g *PodGenerator) addContainer(pod *corev1.Pod) {
	c := *pod.Spec.Containers[0].DeepCopy()
	kind := g.pick(3)
	switch kind {
	case 0:
		c.Name = fmt.Sprintf("app%d", len(pod.Spec.Containers))
	case 1:
		c.Name = fmt.Sprintf("init%d", len(pod.Spec.InitContainers))
	default:
		c.Name = fmt.Sprintf("debug%d", len(pod.Spec.EphemeralContainers))
	}
	if g.chance(0.05) {
		// Duplicate names are invalid, but PSA does not care; neither should we.
		c.Name = "app"
	}
	switch kind {
	case 0:
		pod.Spec.Containers = append(pod.Spec.Containers, c)
	case 1:
		pod.Spec.InitContainers = append(pod.Spec.InitContainers, c)
	default:
		pod.Spec.EphemeralContainers = append(pod.Spec.EphemeralContainers, corev1.EphemeralContainer{
			EphemeralContainerCommon: corev1.EphemeralContainerCommon(c),
		})
	}
}

// containers returns pointers to every container of the pod.
func containers(pod *corev1.Pod) []*corev1.Container {
	var out []*corev1.Container
	for i := range pod.Spec.InitContainers {
		out = append(out, &pod.Spec.InitContainers[i])
	}
	for i := range pod.Spec.Containers {
		out = append(out, &pod.Spec.Containers[i])
	}
	for i := range pod.Spec.EphemeralContainers {
		out = append(out, (*corev1.Container)(&pod.Spec.EphemeralContainers[i].EphemeralContainerCommon))
	}
	return out
}

func podSC(pod *corev1.Pod) *corev1.PodSecurityContext {
	if pod.Spec.SecurityContext == nil {
		pod.Spec.SecurityContext = &corev1.PodSecurityContext{}
	}
	return pod.Spec.SecurityContext
}

func containerSC(c *corev1.Container) *corev1.SecurityContext {
	if c.SecurityContext == nil {
		c.SecurityContext = &corev1.SecurityContext{}
	}
	return c.SecurityContext
}

func (g *PodGenerator) seccompProfile() *corev1.SeccompProfile {
	if g.chance(0.2) {
		return nil
	}
	p := &corev1.SeccompProfile{Type: corev1.SeccompProfileType(pickFrom(g, profileTypes))}
	if p.Type == corev1.SeccompProfileTypeLocalhost || g.chance(0.1) {
		p.LocalhostProfile = ptr("profiles/audit.json")
	}
	return p
}

func (g *PodGenerator) appArmorProfile() *corev1.AppArmorProfile {
	if g.chance(0.2) {
		return nil
	}
	p := &corev1.AppArmorProfile{Type: corev1.AppArmorProfileType(pickFrom(g, profileTypes))}
	if p.Type == corev1.AppArmorProfileTypeLocalhost || g.chance(0.1) {
		p.LocalhostProfile = ptr("k8s-apparmor-example")
	}
	return p
}

func (g *PodGenerator) seLinuxOptions() *corev1.SELinuxOptions {
	if g.chance(0.15) {
		return nil
	}
	return &corev1.SELinuxOptions{
		Type:  pickFrom(g, seLinuxTypes),
		User:  pickFrom(g, seLinuxUsers),
		Role:  pickFrom(g, seLinuxRoles),
		Level: pickFrom(g, seLinuxLevels),
	}
}

func (g *PodGenerator) windowsOptions() *corev1.WindowsSecurityContextOptions {
	if g.chance(0.15) {
		return nil
	}
	o := &corev1.WindowsSecurityContextOptions{HostProcess: g.optBool()}
	if g.chance(0.3) {
		o.RunAsUserName = ptr("ContainerUser")
	}
	return o
}

func (g *PodGenerator) capabilityList(pool []string) []corev1.Capability {
	var out []corev1.Capability
	for i := g.pick(4); i > 0; i-- {
		out = append(out, corev1.Capability(pickFrom(g, pool)))
	}
	if len(out) > 0 && g.chance(0.2) {
		out = append(out, out[0]) // duplicates are tolerated by PSA
	}
	return out
}

func (g *PodGenerator) probe() *corev1.Probe {
	if g.chance(0.2) {
		return nil
	}
	p := &corev1.Probe{}
	switch g.pick(5) {
	case 0, 1:
		p.HTTPGet = &corev1.HTTPGetAction{Path: "/healthz", Port: intstr.FromInt32(8080), Host: pickFrom(g, hosts)}
	case 2, 3:
		p.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt32(8080), Host: pickFrom(g, hosts)}
	default:
		if g.chance(0.5) {
			p.Exec = &corev1.ExecAction{Command: []string{"true"}}
		} else {
			p.GRPC = &corev1.GRPCAction{Port: 9090}
		}
	}
	return p
}

func (g *PodGenerator) lifecycleHandler() *corev1.LifecycleHandler {
	if g.chance(0.2) {
		return nil
	}
	h := &corev1.LifecycleHandler{}
	switch g.pick(5) {
	case 0, 1:
		h.HTTPGet = &corev1.HTTPGetAction{Path: "/hook", Port: intstr.FromInt32(8080), Host: pickFrom(g, hosts)}
	case 2, 3:
		h.TCPSocket = &corev1.TCPSocketAction{Port: intstr.FromInt32(8080), Host: pickFrom(g, hosts)}
	default:
		if g.chance(0.5) {
			h.Exec = &corev1.ExecAction{Command: []string{"true"}}
		} else {
			h.Sleep = &corev1.SleepAction{Seconds: 1}
		}
	}
	return h
}

// volumeSourceFields are the names of corev1.VolumeSource's fields, found by
// reflection so that a source added in a later API version is not missed.
var volumeSourceFields = func() []string {
	var out []string
	t := reflect.TypeOf(corev1.VolumeSource{})
	for i := 0; i < t.NumField(); i++ {
		out = append(out, t.Field(i).Name)
	}
	return out
}()

// allowedVolumeSources are the sources the restricted profile allows; the
// generator favours them so that restricted pods pass often enough.
var allowedVolumeSources = []string{
	"ConfigMap", "CSI", "DownwardAPI", "EmptyDir", "Ephemeral", "Image", "PersistentVolumeClaim", "Projected", "Secret",
}

func (g *PodGenerator) volume(name string) corev1.Volume {
	v := corev1.Volume{Name: name}
	var field string
	if g.chance(0.5) {
		field = pickFrom(g, allowedVolumeSources)
	} else {
		field = pickFrom(g, volumeSourceFields)
	}
	src := reflect.ValueOf(&v.VolumeSource).Elem().FieldByName(field)
	src.Set(reflect.New(src.Type().Elem()))
	if g.chance(0.08) {
		// Two sources in one volume: invalid, but PSA's checks disagree about
		// it (restrictedVolumes accepts it if either source is allowed).
		other := reflect.ValueOf(&v.VolumeSource).Elem().FieldByName(pickFrom(g, volumeSourceFields))
		other.Set(reflect.New(other.Type().Elem()))
	}
	return v
}
