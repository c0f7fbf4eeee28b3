#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# The steps shared by hack/e2e/run.sh and hack/e2e/kind.sh. Source it after init.sh and
# cluster.sh. kubectl and chainsaw use $KUBECONFIG, whose contexts alice and bob are the test
# users. Paths are relative to the repository root.

MANIFESTS="${MANIFESTS:-manifests}"
SUITES="${SUITES:-chainsaw-tests}"
E2E_ARTIFACTS="${E2E_ARTIFACTS:-_artifacts}"
E2E_PARALLEL="${E2E_PARALLEL:-4}"
E2E_REPORT="${E2E_REPORT:-chainsaw}"

# Builds bin/vapgen (make build) and puts bin/ first on PATH, so that suites run vapgen in
# script steps (chainsaw-tests/audit, migrate). Exports VAPGEN_ROOT and VAPGEN_MANIFESTS (the
# absolute path of ${MANIFESTS}) for them.
vapgen::e2e::vapgen() {
  vapgen::log::info "building bin/vapgen"
  vapgen::util::run make -C "${VAPGEN_ROOT}" --no-print-directory build >/dev/null
  export PATH="${VAPGEN_ROOT}/bin:${PATH}"
  export VAPGEN_ROOT
  VAPGEN_MANIFESTS="$(cd "${VAPGEN_ROOT}/${MANIFESTS}" && pwd -P)"
  export VAPGEN_MANIFESTS
}

# True when kube-controller-manager's type checker has observed the current generation of
# every ValidatingAdmissionPolicy (there is no Ready condition).
vapgen::e2e::policies_observed() {
  local generation observed
  kubectl get validatingadmissionpolicies \
    -o jsonpath='{range .items[*]}{.metadata.generation} {.status.observedGeneration}{"\n"}{end}' |
    while read -r generation observed; do
      [[ "${generation}" == "${observed}" ]] || return 1
    done
}

# Applies ${MANIFESTS} and waits until its policies are live.
vapgen::e2e::apply() {
  vapgen::log::info "applying ${MANIFESTS}"
  kubectl apply -k "${MANIFESTS}"
  vapgen::cluster::wait_for "kube-controller-manager to observe the ValidatingAdmissionPolicies" \
    vapgen::e2e::policies_observed
  sleep 2 # A policy becomes active in the API server about a second after it is observed.
}

# vapgen::e2e::test CHAINSAW [FLAG...]: runs the suites in ${SUITES}, writes the JUnit report
# ${E2E_ARTIFACTS}/${E2E_REPORT}.xml, logs "N passed, N failed" and returns chainsaw's status.
vapgen::e2e::test() {
  local chainsaw="$1" report="${E2E_ARTIFACTS}/${E2E_REPORT}.xml" rc=0 total failed flags=()
  shift
  [[ -t 1 ]] || flags+=(--no-color)
  vapgen::log::info "running chainsaw on ${SUITES}"
  mkdir -p "${E2E_ARTIFACTS}"
  rm -f "${report}"
  vapgen::util::run "${chainsaw}" test --test-dir "${SUITES}" \
    --config "${VAPGEN_ROOT}/hack/e2e/chainsaw-config.yaml" --parallel "${E2E_PARALLEL}" \
    --cluster "alice=${KUBECONFIG}:alice" --cluster "bob=${KUBECONFIG}:bob" \
    --report-format JUNIT-TEST --report-path "${E2E_ARTIFACTS}" --report-name "${E2E_REPORT}" \
    "${flags[@]}" "$@" || rc=$?
  if [[ -f "${report}" ]]; then
    total="$(grep -o '<testcase ' "${report}" | wc -l)"
    failed="$(grep -o '<failure' "${report}" | wc -l)"
    vapgen::log::info "$((total - failed)) passed, ${failed} failed (${report})"
  else
    vapgen::log::error "chainsaw wrote no report (${report})"
  fi
  return "${rc}"
}
