#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Runs shellcheck on every script (Debian's shellcheck, installed if missing).
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v shellcheck >/dev/null; then
  sudo=()
  if [[ "${EUID}" -ne 0 ]]; then sudo=(sudo); fi
  echo "shellcheck is not on PATH; installing Debian's shellcheck" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends shellcheck >&2 ||
    { "${sudo[@]}" apt-get update >&2 && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends shellcheck >&2; }
fi
mapfile -t scripts < <(git ls-files --cached --others --exclude-standard '*.sh' .ci/run)
shellcheck -x "${scripts[@]}"
echo "shellcheck found nothing in ${#scripts[@]} scripts"
