#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file
# Common settings and helpers for vapgen's hack/ scripts. Source it; do not run it.

VAPGEN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
VAPGEN_CACHE="${VAPGEN_CACHE:-${HOME}/.cache/vapgen}"

# Tool versions. The Go modules under hack/tools/ pin the same versions.
CHAINSAW_VERSION=v0.2.14
CHAINSAW_GOTOOLCHAIN=go1.24.11 # Go 1.26 cannot compile chainsaw v0.2.14.
# The Kubernetes release of the local cluster: one of hack/tools/kube/*/ (the k8s.io/kubernetes
# versions the module proxy serves). make e2e runs KUBE_VERSIONS, each on its own cluster.
KUBE_VERSION="${KUBE_VERSION:-v1.37.2}"

# vapgen::kube::versions: the releases the harness can build, oldest first.
vapgen::kube::versions() {
  local d out=()
  for d in "${VAPGEN_ROOT}"/hack/tools/kube/v*/; do out+=("$(basename "${d}")"); done
  printf '%s\n' "${out[@]}" | sort -V | paste -sd' '
}

vapgen::log::info() {
  echo "+++ [$(date +'%H:%M:%S')] $*" >&2
}

vapgen::log::error() {
  echo "!!! [$(date +'%H:%M:%S')] $*" >&2
}

# Seconds since the epoch; for timings in log lines.
vapgen::util::now() {
  date +%s
}

# vapgen::util::run CMD...: runs CMD as a background child and waits for it.
# Bash defers traps until a foreground child exits; a trapped INT/TERM interrupts
# `wait` at once, and the trap can stop the child with vapgen::util::stop_child.
VAPGEN_CHILD=""
VAPGEN_CHILD_NAME=""
vapgen::util::run() {
  local rc=0
  "$@" &
  VAPGEN_CHILD=$!
  VAPGEN_CHILD_NAME="$(basename "$1")"
  wait "${VAPGEN_CHILD}" || rc=$?
  VAPGEN_CHILD=""
  return "${rc}"
}

# vapgen::util::install VAR TOOL: makes TOOL available (hack/tools/install.sh) and stores its path in VAR.
vapgen::util::install() {
  local out
  out="$(mktemp)"
  if ! vapgen::util::run "${VAPGEN_ROOT}/hack/tools/install.sh" "$2" >"${out}"; then
    rm -f "${out}"
    return 1
  fi
  printf -v "$1" '%s' "$(<"${out}")"
  rm -f "${out}"
}

vapgen::util::stop_child() {
  if [[ -n "${VAPGEN_CHILD}" ]]; then
    vapgen::proc::stop "${VAPGEN_CHILD_NAME}" "${VAPGEN_CHILD}"
    VAPGEN_CHILD=""
  fi
}

# vapgen::proc::alive PID: true while PID runs (a zombie counts as gone).
vapgen::proc::alive() {
  local stat
  stat="$(ps -o stat= -p "$1" 2>/dev/null)" && [[ "${stat}" != Z* ]]
}

# vapgen::proc::stop NAME PID: sends TERM, then KILL after ${E2E_STOP_TIMEOUT:-15} seconds.
vapgen::proc::stop() {
  local name="$1" pid="$2" waited=0
  vapgen::proc::alive "${pid}" || return 0
  vapgen::log::info "stopping ${name} (pid ${pid})"
  kill -TERM "${pid}" 2>/dev/null || true
  while vapgen::proc::alive "${pid}"; do
    if (( waited >= ${E2E_STOP_TIMEOUT:-15} * 10 )); then
      vapgen::log::error "${name} (pid ${pid}) ignored TERM; killing it"
      kill -KILL "${pid}" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}
