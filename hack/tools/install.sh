#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Makes the e2e tools available and prints their paths, one a line:
#   hack/tools/install.sh [chainsaw|kube-apiserver|kube-controller-manager|etcd|all]...
# Go tools are built from the pinned modules under hack/tools/ (kube: one module per
# release, hack/tools/kube/$KUBE_VERSION) into
# ${VAPGEN_CACHE:-$HOME/.cache/vapgen}/bin/<name>-<version>, only when missing.
# etcd comes from PATH, else from Debian's etcd-server package.
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"

BIN_DIR="${VAPGEN_CACHE}/bin"
TMP_DIR=""

cleanup() {
  vapgen::util::stop_child
  if [[ -n "${TMP_DIR}" ]]; then rm -rf "${TMP_DIR}"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# build NAME VERSION MODULE_DIR PACKAGE [GO_BUILD_FLAG...]: builds into the cache
# through a temporary file, so an interrupted build never leaves a binary behind.
build() {
  local name="$1" version="$2" module_dir="$3" package="$4"
  shift 4
  local out="${BIN_DIR}/${name}-${version}" start
  if [[ ! -x "${out}" ]]; then
    mkdir -p "${BIN_DIR}"
    TMP_DIR="$(mktemp -d "${BIN_DIR}/.${name}-${version}.XXXXXX")"
    vapgen::log::info "building ${name} ${version} (a cold build takes minutes)"
    start="$(vapgen::util::now)"
    vapgen::util::run go -C "${module_dir}" build "$@" -o "${TMP_DIR}/${name}" "${package}"
    mv -f "${TMP_DIR}/${name}" "${out}"
    rm -rf "${TMP_DIR}"
    TMP_DIR=""
    vapgen::log::info "built ${out} in $(( $(vapgen::util::now) - start ))s"
  fi
  echo "${out}"
}

install_chainsaw() {
  # chainsaw's own go.sum is vendored in the module: the checksum database lacks some
  # of its dependencies. -mod=mod lets go complete the requirements from chainsaw's go.mod.
  GOWORK=off GOTOOLCHAIN="${CHAINSAW_GOTOOLCHAIN}" GOFLAGS=-mod=mod \
    build chainsaw "${CHAINSAW_VERSION}" "${VAPGEN_ROOT}/hack/tools/chainsaw" github.com/kyverno/chainsaw
}

install_kube() {
  local name="$1" v="${KUBE_VERSION#v}" module="${VAPGEN_ROOT}/hack/tools/kube/${KUBE_VERSION}"
  if [[ ! -f "${module}/go.mod" ]]; then
    vapgen::log::error "no module for Kubernetes ${KUBE_VERSION} (want one of: $(vapgen::kube::versions)); hack/update-kube-tools.sh ${KUBE_VERSION} writes one"
    return 2
  fi
  local ldflags="-X k8s.io/component-base/version.gitVersion=${KUBE_VERSION}"
  ldflags+=" -X k8s.io/component-base/version.gitMajor=${v%%.*}"
  v="${v#*.}"
  ldflags+=" -X k8s.io/component-base/version.gitMinor=${v%%.*}"
  # Static like the upstream release binaries.
  GOWORK=off CGO_ENABLED=0 \
    build "${name}" "${KUBE_VERSION}" "${module}" "k8s.io/kubernetes/cmd/${name}" -ldflags "${ldflags}"
}

install_etcd() {
  if ! command -v etcd >/dev/null; then
    local sudo=()
    if [[ "${EUID}" -ne 0 ]]; then sudo=(sudo); fi
    vapgen::log::info "etcd is not on PATH; installing Debian's etcd-server"
    "${sudo[@]}" apt-get update >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends etcd-server >&2
  fi
  command -v etcd
}

main() {
  local tools=("$@") tool
  if [[ ${#tools[@]} -eq 0 || " ${tools[*]} " == *" all "* ]]; then
    tools=(etcd kube-apiserver kube-controller-manager chainsaw)
  fi
  for tool in "${tools[@]}"; do
    case "${tool}" in
      chainsaw) install_chainsaw ;;
      kube-apiserver | kube-controller-manager) install_kube "${tool}" ;;
      etcd) install_etcd ;;
      *)
        vapgen::log::error "unknown tool '${tool}' (want chainsaw, kube-apiserver, kube-controller-manager, etcd or all)"
        return 2
        ;;
    esac
  done
}

main "$@"
