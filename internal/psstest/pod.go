package psstest

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sv1 "k8s.io/kubernetes/pkg/apis/core/v1"
)

// ProfileLabel is the namespace label that binds a profile's policies
// (generator.ProfileLabelKey with the default prefix).
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
	labels := map[string]string{"kubernetes.io/metadata.name": name}
	if profile != "" {
		labels[ProfileLabel] = profile
	}
	return &corev1.Namespace{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
	}
}
