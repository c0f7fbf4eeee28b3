// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	corev1 "k8s.io/api/core/v1"
	k8sv1 "k8s.io/kubernetes/pkg/apis/core/v1"

	"github.com/vapgen/vapgen/internal/testkit"
)

// ProfileLabel is the namespace label that binds a profile's policies
// (the profile mode label with the default prefix).
const ProfileLabel = "pod-security.vapgen.io/profile"

// Defaulted returns a copy of the pod with the defaults the API server applies
// before admission, so that PSA judges the same object the policies see.
func Defaulted(pod *corev1.Pod) *corev1.Pod {
	out := pod.DeepCopy()
	k8sv1.SetObjectDefaults_Pod(out)
	return out
}

// Namespace returns a namespace labelled for a profile ("" for none).
func Namespace(name, profile string) *corev1.Namespace {
	if profile == "" {
		return testkit.Namespace(name)
	}
	return testkit.Namespace(name, ProfileLabel, profile)
}
