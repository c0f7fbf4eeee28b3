#!/usr/bin/env bash
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# Fails when a Go file is not gofmt-formatted.
set -o errexit -o nounset -o pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="$(git ls-files --cached --others --exclude-standard '*.go' | xargs gofmt -l)"
if [[ -n "${out}" ]]; then
  echo "gofmt needed (run gofmt -w):" >&2
  echo "${out}" >&2
  exit 1
fi
echo "Go files are formatted"
