#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Starts a local control plane (etcd, kube-apiserver, kube-controller-manager) and leaves it
# running; see hack/lib/cluster.sh for the work dir, users and port variables.
# Stop it with: hack/e2e/cluster-down.sh <work dir>
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"
# shellcheck source=hack/lib/cluster.sh
source "${VAPGEN_ROOT}/hack/lib/cluster.sh"

on_exit() {
  local rc=$?
  vapgen::util::stop_child
  if [[ "${rc}" -ne 0 ]]; then vapgen::cluster::down "${rc}"; fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM

vapgen::cluster::up
echo "source ${CLUSTER_DIR}/env     # sets KUBECONFIG"
echo "hack/e2e/cluster-down.sh ${CLUSTER_DIR}     # stops the cluster"
