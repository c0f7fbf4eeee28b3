#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Fails when a Kubernetes module of the root go.mod leaves the pinned release
# line (k8s.io/* v0.37.2, k8s.io/kubernetes v1.37.2): `go mod tidy` has been
# seen to move them silently.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

staging_version=v0.37.2
kubernetes_version=v1.37.2
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
# The other modules k8s.io/kubernetes requires (cel-go, kube-openapi, structured-merge-diff,
# ...) decide how CEL compiles and objects convert: they must be the versions that release
# was built with. Modules only our CLI pulls newer (go-md2man, via urfave/cli) may differ.
kube_mod="$(go mod download -json "k8s.io/kubernetes@${kubernetes_version}" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')"
moved=$(go list -m -f '{{.Path}} {{.Version}}' all |
  awk -v allow='^github\.com/cpuguy83/go-md2man/' 'NR == FNR { v[$1] = $2; next }
    /^\t[^ ]+ v/ && $2 != "v0.0.0" && ($1 in v) && v[$1] != $2 && $1 !~ allow { print $1 " " v[$1] " (k8s.io/kubernetes has " $2 ")" }' - "${kube_mod}")
if [[ -n "${moved}" ]]; then
  echo "modules moved away from k8s.io/kubernetes ${kubernetes_version}'s versions:" >&2
  echo "${moved}" >&2
  exit 1
fi
for pair in "KubernetesRelease:${kubernetes_version}" "StagingRelease:${staging_version}"; do
  if ! grep -q "^	${pair%%:*} *= \"${pair#*:}\"$" generator/celcheck/versions.go; then
    echo "generator/celcheck/versions.go: ${pair%%:*} is not ${pair#*:}" >&2
    exit 1
  fi
done
echo "k8s.io modules pinned to ${staging_version} / ${kubernetes_version}"
