#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# The e2e flow of hack/e2e/run.sh on a kind cluster, for machines with Docker:
#   hack/e2e/kind.sh [CHAINSAW_TEST_FLAG...]
# Needs kind v0.33.x on PATH (go install sigs.k8s.io/kind@v0.33.0). Creates the cluster
# ${KIND_CLUSTER_NAME:-vapgen-e2e} from hack/e2e/kind-config.yaml with ${KIND_NODE_IMAGE},
# adds the users alice and bob (client certificates; groups as in hack/lib/cluster.sh),
# applies ${MANIFESTS}, runs ${SUITES} and deletes the cluster (E2E_KEEP=1 keeps it).
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"
# shellcheck source=hack/lib/cluster.sh
source "${VAPGEN_ROOT}/hack/lib/cluster.sh"
# shellcheck source=hack/lib/e2e.sh
source "${VAPGEN_ROOT}/hack/lib/e2e.sh"

# The v1.35 image published with kind v0.33.0; node images are only supported with the
# kind release that built them, so pin the digest.
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-kindest/node:v1.35.8@sha256:07b2536e30b803ed61d1677a79df6115f798ce64c80f9e22f6ed45afd09323c0}"
KIND_CLUSTER_NAME="${KIND_CLUSTER_NAME:-vapgen-e2e}"
WORKDIR=""
CREATED=""

on_exit() {
  local rc=$?
  vapgen::util::stop_child
  if [[ -n "${CREATED}" ]]; then
    if [[ "${rc}" -ne 0 ]]; then
      kind export logs "${E2E_ARTIFACTS}/kind-logs" --name "${KIND_CLUSTER_NAME}" >&2 || true
    fi
    if [[ "${E2E_KEEP:-0}" == 1 ]]; then
      vapgen::log::info "kept kind cluster ${KIND_CLUSTER_NAME}: export KUBECONFIG=${KUBECONFIG}"
      return
    fi
    kind delete cluster --name "${KIND_CLUSTER_NAME}" >&2 || true
  fi
  if [[ -n "${WORKDIR}" ]]; then rm -rf "${WORKDIR}"; fi
}

# add_user NAME GROUP: a client certificate signed through the CSR API, as context NAME.
add_user() {
  local name="$1" group="$2" csr="vapgen-e2e-${1}" cert=""
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${name}/O=${group}" \
    -keyout "${WORKDIR}/${name}.key" -out "${WORKDIR}/${name}.csr" 2>/dev/null
  kubectl apply -f - >/dev/null <<YAML
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: ${csr}
spec:
  request: $(base64 <"${WORKDIR}/${name}.csr" | tr -d '\n')
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
YAML
  kubectl certificate approve "${csr}" >/dev/null
  while [[ -z "${cert}" ]]; do
    sleep 0.5
    cert="$(kubectl get csr "${csr}" -o jsonpath='{.status.certificate}')"
  done
  base64 -d <<<"${cert}" >"${WORKDIR}/${name}.crt"
  kubectl config set-credentials "${name}" --embed-certs \
    --client-certificate="${WORKDIR}/${name}.crt" --client-key="${WORKDIR}/${name}.key" >/dev/null
  kubectl config set-context "${name}" --cluster="kind-${KIND_CLUSTER_NAME}" --user="${name}" >/dev/null
}

main() {
  local start chainsaw user name group rc=0
  start="$(vapgen::util::now)"
  cd "${VAPGEN_ROOT}"
  command -v kind >/dev/null || { vapgen::log::error "kind is not on PATH"; return 1; }
  if [[ "${E2E_CONTROL_PLANE}" != api ]]; then
    vapgen::log::error "kind.sh starts the api control plane only (E2E_CONTROL_PLANE=${E2E_CONTROL_PLANE})"
    return 2
  fi
  vapgen::e2e::wanted || rc=$?
  if ((rc == 1)); then return 0; elif ((rc != 0)); then return "${rc}"; fi
  vapgen::util::install chainsaw chainsaw
  vapgen::e2e::vapgen
  WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/vapgen-kind.XXXXXX")"
  export KUBECONFIG="${WORKDIR}/kubeconfig"

  CREATED=1
  vapgen::util::run kind create cluster --name "${KIND_CLUSTER_NAME}" --image "${KIND_NODE_IMAGE}" \
    --config hack/e2e/kind-config.yaml --wait 120s
  vapgen::cluster::wait_for "the default ServiceAccount" kubectl get serviceaccount default --namespace=default
  for user in "${E2E_USERS[@]}"; do
    read -r name group <<<"${user}"
    [[ "${group}" == system:masters ]] || add_user "${name}" "${group}"
  done
  vapgen::cluster::bind_users

  vapgen::e2e::apply
  vapgen::e2e::test "${chainsaw}" "$@" || rc=$?
  vapgen::log::info "e2e on kind finished in $(($(vapgen::util::now) - start))s"
  return "${rc}"
}

trap on_exit EXIT
trap 'exit 130' INT TERM
main "$@"
