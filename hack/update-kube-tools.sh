#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Writes the Go module that builds kube-apiserver and kube-controller-manager of one
# Kubernetes release for the local e2e cluster:
#   hack/update-kube-tools.sh v1.37.2 [...]   → hack/tools/kube/v1.37.2/{go.mod,go.sum,tools.go}
# k8s.io/kubernetes replaces its staging modules with ./staging/src/k8s.io/*; outside its
# repository each must point at the published v0.N.P instead, so the replace list is read
# from that release's own go.mod.
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"

write_module() {
  local version="$1" dir="${VAPGEN_ROOT}/hack/tools/kube/$1" staging
  [[ "${version}" =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || {
    vapgen::log::error "want a version like v1.37.2, got '${version}'"
    return 2
  }
  staging="v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
  mkdir -p "${dir}"
  local upstream
  upstream="$(go mod download -json "k8s.io/kubernetes@${version}" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')"
  {
    echo "// Builds kube-apiserver and kube-controller-manager ${version} for the local e2e cluster"
    echo "// (hack/tools/install.sh). Written by hack/update-kube-tools.sh; separate from the root go.mod."
    echo "module github.com/vapgen/vapgen/hack/tools/kube/${version}"
    echo
    sed -n 's/^go \(.*\)$/go \1/p' "${upstream}"
    echo
    echo "require k8s.io/kubernetes ${version}"
    echo
    echo "replace ("
    sed -n 's#^\t\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/.*$#\t\1 => \1 '"${staging}"'#p' "${upstream}"
    echo ")"
  } >"${dir}/go.mod"
  cat >"${dir}/tools.go" <<GO
$(cat "${VAPGEN_ROOT}/hack/boilerplate/boilerplate.go.txt")

//go:build tools

// Package tools pins the Kubernetes ${version} control-plane commands built by hack/tools/install.sh.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
GO
  (cd "${dir}" && GOWORK=off GOFLAGS=-mod=mod go mod tidy)
  vapgen::log::info "wrote ${dir#"${VAPGEN_ROOT}"/} ($(grep -c ' => k8s.io/' "${dir}/go.mod") staging replaces)"
}

for v in "$@"; do write_module "${v}"; done
