package psstest

import (
	"strings"

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

// RejectedMarker starts the comment line of a testdata pod that the API
// server's validation rejects, so that no real API server can show the
// verdict (kept for PSA fidelity). End-to-end suites should skip such files.
const RejectedMarker = "# Rejected by API validation before admission:"

// MarkedRejected reports whether a manifest carries RejectedMarker.
func MarkedRejected(manifest []byte) bool {
	for _, line := range strings.Split(string(manifest), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), RejectedMarker) {
			return true
		}
	}
	return false
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
