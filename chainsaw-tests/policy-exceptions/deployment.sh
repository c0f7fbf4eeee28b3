#!/bin/sh
# Copyright 2026 The vapgen Authors.
# SPDX-License-Identifier: Apache-2.0
# deployment.sh NAME: a Deployment whose pod template sets hostPID.
cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: $1
spec:
  replicas: 0
  selector:
    matchLabels: {app: $1}
  template:
    metadata:
      labels: {app: $1}
    spec:
      hostPID: true
      containers:
      - name: app
        image: registry.example/app:1
YAML
