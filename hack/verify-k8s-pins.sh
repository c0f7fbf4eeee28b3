#!/usr/bin/env bash
# Fails when a Kubernetes module of the root go.mod leaves the pinned release
# line (k8s.io/* v0.35.4, k8s.io/kubernetes v1.35.4): `go mod tidy` has been
# seen to move them silently.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

staging_version=v0.35.4
kubernetes_version=v1.35.4
# Modules of the k8s.io domain that are not released with Kubernetes.
independent='^k8s\.io/(klog|klog/v2|utils|kube-openapi|gengo|gengo/v2|system-validators)$'

bad=$(go list -m -f '{{.Path}} {{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' all |
  awk -v s="${staging_version}" -v k="${kubernetes_version}" -v ind="${independent}" '
    $1 ~ /^k8s\.io\// && $1 !~ ind {
      want = ($1 == "k8s.io/kubernetes") ? k : s
      if ($2 != want) print $1 " " $2 " (want " want ")"
    }')
if [[ -n "${bad}" ]]; then
  echo "Kubernetes modules off the pinned release line:" >&2
  echo "${bad}" >&2
  exit 1
fi
echo "k8s.io modules pinned to ${staging_version} / ${kubernetes_version}"
