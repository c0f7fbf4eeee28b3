#!/bin/sh
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# pod.sh NAME [CAPABILITY...]: a pod whose container adds the capabilities given.
name=$1
shift
add=""
[ $# -gt 0 ] && add="add: [$(echo "$@" | sed 's/ /, /g')]"
cat <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: $name
spec:
  containers:
  - name: app
    image: registry.example/app:1
    securityContext:
      capabilities:
        drop: [ALL]
        $add
YAML
