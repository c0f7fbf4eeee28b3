#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Fails with "run make generate" when the committed manifests/, manifests-per-profile/,
# chainsaw-tests/policies/ or chainsaw-tests/{policy-exceptions,optional-selects}/generated.yaml differ from what
# hack/update-generated.sh writes.
set -o errexit -o nounset -o pipefail

# shellcheck source=hack/lib/init.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
"${VAPGEN_ROOT}/hack/update-generated.sh" "${tmp}" 2>/dev/null
rc=0
for dir in manifests manifests-per-profile chainsaw-tests/policies chainsaw-tests/policy-exceptions/generated.yaml chainsaw-tests/optional-selects/generated.yaml; do
  if ! diff -r "${tmp}/${dir}" "${VAPGEN_ROOT}/${dir}" >/dev/null 2>&1; then
    diff -ru "${VAPGEN_ROOT}/${dir}" "${tmp}/${dir}" | head -50 >&2
    echo "${dir} is out of date: run make generate and commit the result" >&2
    rc=1
  fi
done
[[ "${rc}" -eq 0 ]] && echo "manifests, manifests-per-profile, chainsaw-tests/policies, chainsaw-tests/policy-exceptions and chainsaw-tests/optional-selects are up to date"
exit "${rc}"
