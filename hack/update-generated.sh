#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Writes everything vapgen generates from the repository's policies and overlays:
#   hack/update-generated.sh [OUT_ROOT]
# manifests/ (per-rule layout, vapgen.yaml's settings), manifests-per-profile/ and the
# generated Chainsaw suites chainsaw-tests/policies/ and the policies of the policy-exceptions and
# optional-selects suites (chainsaw-tests/<suite>/generated.yaml), under OUT_ROOT (default: the
# repository).
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"

out_root="${1:-${VAPGEN_ROOT}}"
bin="${VAPGEN_BIN:-${VAPGEN_ROOT}/bin/vapgen}"
cd "${VAPGEN_ROOT}"
"${bin}" generate --out "${out_root}/manifests"
"${bin}" generate --layout per-profile --out "${out_root}/manifests-per-profile"
"${bin}" suites --out "${out_root}/chainsaw-tests/policies"
for suite in policy-exceptions optional-selects; do
  mkdir -p "${out_root}/chainsaw-tests/${suite}"
  "${bin}" generate --config "chainsaw-tests/${suite}/vapgen.yaml" --out - \
    >"${out_root}/chainsaw-tests/${suite}/generated.yaml.tmp"
  mv -f "${out_root}/chainsaw-tests/${suite}/generated.yaml.tmp" "${out_root}/chainsaw-tests/${suite}/generated.yaml"
done
