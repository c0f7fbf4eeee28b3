#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Stops a control plane started by hack/e2e/cluster-up.sh and removes its work dir
# (E2E_KEEP=1 keeps it).
#   hack/e2e/cluster-down.sh [WORK_DIR]    (default: $E2E_WORKDIR)
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/init.sh"
# shellcheck source=hack/lib/cluster.sh
source "${VAPGEN_ROOT}/hack/lib/cluster.sh"

CLUSTER_DIR="${1:-${E2E_WORKDIR:-}}"
if [[ ! -d "${CLUSTER_DIR}/pids" ]]; then
  vapgen::log::error "usage: $0 WORK_DIR (a directory made by cluster-up.sh)"
  exit 2
fi
vapgen::cluster::down 0
