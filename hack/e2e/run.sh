#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# End-to-end tests on a local control plane (hack/lib/cluster.sh):
#   hack/e2e/run.sh [CHAINSAW_TEST_FLAG...]      e.g. --include-test-regex 'host-.*'
# Builds the tools if needed, starts the cluster, applies ${MANIFESTS}, waits until the
# ValidatingAdmissionPolicies are live, runs the chainsaw suites in ${SUITES} and stops the
# cluster (hack/lib/e2e.sh lists the variables). With E2E_CONTROL_PLANE=static-manifests the
# cluster loads the policies from files instead and only the Tests labelled for it run. Exits
# with chainsaw's status, or 0 after saying why there is nothing to run.
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"
# shellcheck source=hack/lib/cluster.sh
source "${VAPGEN_ROOT}/hack/lib/cluster.sh"
# shellcheck source=hack/lib/e2e.sh
source "${VAPGEN_ROOT}/hack/lib/e2e.sh"

on_exit() {
  local rc=$?
  vapgen::util::stop_child
  if [[ "${rc}" -ne 0 && -n "${CLUSTER_DIR}" ]]; then
    mkdir -p "${E2E_ARTIFACTS}"
    rm -rf "${E2E_ARTIFACTS}/cluster-logs"
    cp -r "${CLUSTER_DIR}/logs" "${E2E_ARTIFACTS}/cluster-logs"
    vapgen::log::error "e2e failed (exit ${rc}); cluster logs copied to ${E2E_ARTIFACTS}/cluster-logs"
  fi
  vapgen::cluster::down "${rc}"
  vapgen::e2e::cleanup "${rc}"
}

main() {
  local start chainsaw rc=0
  start="$(vapgen::util::now)"
  cd "${VAPGEN_ROOT}"
  vapgen::e2e::wanted || rc=$?
  if ((rc == 1)); then return 0; elif ((rc != 0)); then return "${rc}"; fi
  vapgen::util::install chainsaw chainsaw
  vapgen::e2e::vapgen
  if [[ "${E2E_CONTROL_PLANE}" == static-manifests ]]; then vapgen::e2e::static_manifests; fi
  vapgen::cluster::up
  vapgen::e2e::apply
  vapgen::e2e::test "${chainsaw}" "$@" || rc=$?
  vapgen::log::info "e2e finished in $(($(vapgen::util::now) - start))s"
  return "${rc}"
}

trap on_exit EXIT
trap 'exit 130' INT TERM
main "$@"
