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
# The control plane the run starts: api (policies applied as API objects from ${MANIFESTS}) or
# static-manifests (kube-apiserver 1.37+ loads them from files: vapgen generate --format
# static-manifests, the layout of ${MANIFESTS}). A Test runs only on the control plane of its
# label vapgen.io/e2e-control-plane (none: api).
E2E_CONTROL_PLANE="${E2E_CONTROL_PLANE:-api}"
E2E_PLANE_LABEL=vapgen.io/e2e-control-plane
# Tests labelled vapgen.io/e2e-needs=mutating-admission-policy run on 1.36 and later only.
E2E_NEEDS_LABEL=vapgen.io/e2e-needs
E2E_STATIC_DIR="" # the temporary dir of the static-manifests tree, set by vapgen::e2e::static_manifests

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

# vapgen::e2e::suite_files PLANE: prints the chainsaw-test.yaml files under ${SUITES} whose Tests
# run on control plane PLANE (the Tests of one file share a control plane).
vapgen::e2e::suite_files() {
  local file plane
  while IFS= read -r -d '' file; do
    plane=api
    if grep -Eq "^ +${E2E_PLANE_LABEL//./\\.}: +static-manifests *\$" "${file}"; then plane=static-manifests; fi
    [[ "${plane}" != "$1" ]] || echo "${file}"
  done < <(find "${SUITES}" -name chainsaw-test.yaml -print0 | sort -z)
}

# Checks E2E_CONTROL_PLANE and returns 1, saying why, when the run has nothing to do: no Test in
# ${SUITES} for this control plane, or a static-manifests run on a release before 1.37.
vapgen::e2e::wanted() {
  local minor count
  case "${E2E_CONTROL_PLANE}" in
    api | static-manifests) ;;
    *)
      vapgen::log::error "E2E_CONTROL_PLANE=${E2E_CONTROL_PLANE}: want api or static-manifests"
      return 2
      ;;
  esac
  if [[ -z "$(find "${SUITES}" -name chainsaw-test.yaml -print -quit)" ]]; then
    vapgen::log::error "no chainsaw-test.yaml under SUITES=${SUITES}"
    return 2
  fi
  count="$(vapgen::e2e::suite_files "${E2E_CONTROL_PLANE}" | wc -l)"
  if ((count == 0)); then
    vapgen::log::info "skipping the ${E2E_CONTROL_PLANE} control plane: no Test for it under ${SUITES}"
    return 1
  fi
  minor="${KUBE_VERSION#v*.}"
  minor="${minor%%.*}"
  if [[ "${E2E_CONTROL_PLANE}" == static-manifests ]] && ((minor < 37)); then
    vapgen::log::info "skipping ${count} static-manifests suite file(s): kube-apiserver ${KUBE_VERSION} cannot load admission policies from files (ManifestBasedAdmissionControlConfig: alpha in 1.36, beta and on by default from 1.37)"
    return 1
  fi
}

# Writes the repository's policies (vapgen.yaml, as make generate does) in the layout of
# ${MANIFESTS} (per-profile if its policies list rules) in the static-manifests form into a new
# temporary dir and exports E2E_ADMISSION_CONFIG for it.
vapgen::e2e::static_manifests() {
  local layout=per-rule
  if grep -rqs '^    vapgen.io/rules:' "${MANIFESTS}"; then layout=per-profile; fi
  E2E_STATIC_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vapgen-static.XXXXXX")"
  E2E_STATIC_DIR="$(cd "${E2E_STATIC_DIR}" && pwd -P)"
  vapgen::log::info "writing ${MANIFESTS}'s policies (${layout}) as static manifests to ${E2E_STATIC_DIR}/static"
  bin/vapgen generate --layout "${layout}" --format static-manifests \
    --out "${E2E_STATIC_DIR}/static" --apiserver-dir "${E2E_STATIC_DIR}/static"
  export E2E_ADMISSION_CONFIG="${E2E_STATIC_DIR}/static/admission-configuration.yaml"
}

# vapgen::e2e::cleanup RC: removes the static-manifests tree if RC is 0 and E2E_KEEP is not 1.
vapgen::e2e::cleanup() {
  [[ -n "${E2E_STATIC_DIR}" ]] || return 0
  if [[ "$1" -eq 0 && "${E2E_KEEP:-0}" != 1 ]]; then
    rm -rf "${E2E_STATIC_DIR}"
  else
    vapgen::log::info "kept the static manifests in ${E2E_STATIC_DIR}"
  fi
}

# True when kube-apiserver has logged loading every policy of the static-manifests tree.
vapgen::e2e::static_loaded() {
  local want
  want="$(cat "${E2E_STATIC_DIR}"/static/policies/*.yaml | grep -c '^kind: ValidatingAdmissionPolicy$')"
  grep -q "\"Loaded manifest-based admission policy configurations\" plugin=\"ValidatingAdmissionPolicy\" count=${want}\$" \
    "${CLUSTER_DIR}/logs/kube-apiserver.log"
}

# True when kube-apiserver ${KUBE_VERSION} serves admissionregistration.k8s.io/v1
# MutatingAdmissionPolicy (1.36 and later).
vapgen::e2e::has_mutating() {
  local minor="${KUBE_VERSION#v*.}"
  ((${minor%%.*} >= 36))
}

# Makes the policies live: applies ${MANIFESTS} and waits until kube-controller-manager has
# observed them, or (static-manifests) waits until kube-apiserver has loaded them all.
vapgen::e2e::apply() {
  if [[ "${E2E_CONTROL_PLANE}" == static-manifests ]]; then
    vapgen::cluster::wait_for "kube-apiserver to load every static policy" vapgen::e2e::static_loaded
    return
  fi
  vapgen::log::info "applying ${MANIFESTS}"
  kubectl apply -k "${MANIFESTS}"
  if vapgen::e2e::has_mutating && [[ -f "${MANIFESTS}/mutate/kustomization.yaml" ]] &&
    ! grep -qx -- '- mutate' "${MANIFESTS}/kustomization.yaml"; then
    vapgen::log::info "applying ${MANIFESTS}/mutate (MutatingAdmissionPolicies, which the tree's kustomization does not list)"
    kubectl apply -k "${MANIFESTS}/mutate"
  fi
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
  if [[ "${E2E_CONTROL_PLANE}" == api ]] && vapgen::e2e::has_mutating; then
    flags+=(--selector "!${E2E_PLANE_LABEL}")
  elif [[ "${E2E_CONTROL_PLANE}" == api ]]; then
    vapgen::log::info "leaving out the Tests labelled ${E2E_NEEDS_LABEL}: kube-apiserver ${KUBE_VERSION} serves no MutatingAdmissionPolicy v1"
    flags+=(--selector "!${E2E_PLANE_LABEL},!${E2E_NEEDS_LABEL}")
  else
    flags+=(--selector "${E2E_PLANE_LABEL}=${E2E_CONTROL_PLANE}")
  fi
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
