package internal

import (
	_ "github.com/google/cel-go/cel"
	_ "github.com/urfave/cli/v2"
	_ "go.yaml.in/yaml/v3"
	_ "k8s.io/api/admissionregistration/v1"
	_ "k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	_ "k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	_ "k8s.io/apiserver/pkg/cel/openapi/resolver"
	_ "k8s.io/client-go/kubernetes/fake"
	_ "k8s.io/client-go/kubernetes/scheme"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"
	_ "k8s.io/kubernetes/pkg/apis/apps/v1"
	_ "k8s.io/kubernetes/pkg/apis/batch/v1"
	_ "k8s.io/kubernetes/pkg/apis/core/v1"
	_ "k8s.io/kubernetes/pkg/generated/openapi"
	_ "k8s.io/pod-security-admission/api"
	_ "k8s.io/pod-security-admission/policy"
	_ "sigs.k8s.io/json"
	_ "sigs.k8s.io/yaml"
)
