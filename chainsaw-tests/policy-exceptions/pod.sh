#!/bin/sh
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# pod.sh NAME LABELLED: a pod with hostPID, labelled example.com/purpose=debugging when LABELLED is true.
labels=""
[ "$2" = true ] && labels="labels: {example.com/purpose: debugging}"
cat <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: $1
  $labels
spec:
  hostPID: true
  containers:
  - name: app
    image: registry.example/app:1
YAML
