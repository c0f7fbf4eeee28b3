// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	corev1 "k8s.io/api/core/v1"
	podutil "k8s.io/kubernetes/pkg/api/pod"
	"k8s.io/kubernetes/pkg/apis/core"
	k8sv1 "k8s.io/kubernetes/pkg/apis/core/v1"
	"k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/capabilities"
)

func init() {
	// Like kind and kubeadm clusters (kube-apiserver --allow-privileged=true);
	// otherwise validation itself refuses privileged and HostProcess pods.
	capabilities.Setup(true, 0)
}

// ValidateCreate runs the API server's validation of a new pod (after its
// defaults), which happens before admission: a pod it rejects never reaches
// the policies, so testdata that end-to-end suites reuse must pass it.
func ValidateCreate(pod *corev1.Pod) error {
	v1pod := Defaulted(pod)
	if v1pod.Namespace == "" {
		v1pod.Namespace = "default"
	}
	internal := &core.Pod{}
	if err := k8sv1.Convert_v1_Pod_To_core_Pod(v1pod, internal, nil); err != nil {
		return err
	}
	opts := podutil.GetValidationOptionsFromPodSpecAndMeta(&internal.Spec, nil, &internal.ObjectMeta, nil)
	return validation.ValidatePodCreate(internal, opts).ToAggregate()
}
