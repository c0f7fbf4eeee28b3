#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Fails when a Go file or shell script of the repository lacks the license header
# (hack/boilerplate/boilerplate.{go,sh}.txt): first in a Go file, right after the
# shebang in a script.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

go_header="$(cat hack/boilerplate/boilerplate.go.txt)"
sh_header="$(cat hack/boilerplate/boilerplate.sh.txt)"
missing=()
while IFS= read -r f; do
  [[ "$(head -n 2 "${f}")" == "${go_header}" ]] || missing+=("${f}")
done < <(git ls-files --cached --others --exclude-standard '*.go')
while IFS= read -r f; do
  [[ "$(sed -n 2,3p "${f}")" == "${sh_header}" ]] || missing+=("${f}")
done < <(git ls-files --cached --others --exclude-standard '*.sh' .ci/run)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "files without the license header of hack/boilerplate/:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "every Go file and script has the license header"
