// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
	generatedopenapi "k8s.io/kubernetes/pkg/generated/openapi"
)

// builtinTypeConverter is the type converter the API server builds for its
// built-in kinds from its generated OpenAPI definitions (genericapiserver
// getOpenAPIModels: builder3.BuildOpenAPIDefinitionsForResources, then
// managedfields.NewTypeConverter). Apply configurations of
// MutatingAdmissionPolicies are merged with it.
var builtinTypeConverter = sync.OnceValues(func() (managedfields.TypeConverter, error) {
	config := &common.OpenAPIV3Config{
		Info:              &spec.Info{InfoProps: spec.InfoProps{Title: "Kubernetes", Version: "v1"}},
		GetDefinitions:    generatedopenapi.GetOpenAPIDefinitions,
		GetDefinitionName: openapinamer.NewDefinitionNamer(kubeScheme()).GetDefinitionName,
	}
	defs := generatedopenapi.GetOpenAPIDefinitions(func(string) spec.Ref { return spec.Ref{} })
	var names []string
	for gvk := range kubeScheme().AllKnownTypes() {
		if gvk.Version == runtime.APIVersionInternal {
			continue
		}
		name, err := kubeScheme().ToOpenAPIDefinitionName(gvk)
		if _, ok := defs[name]; ok && err == nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	schemas, err := builder3.BuildOpenAPIDefinitionsForResources(config, names...)
	if err != nil {
		return nil, fmt.Errorf("building the OpenAPI models: %w", err)
	}
	return managedfields.NewTypeConverter(schemas, false)
})

// staticTypeConverters hands the mutating dispatcher the built-in type
// converter for every kind, as the API server's manager does once it has
// read its own OpenAPI document; kinds it does not know have none (the
// dispatcher then answers 503, as the API server does for a kind whose
// schema it has not loaded).
type staticTypeConverters struct{ tc managedfields.TypeConverter }

func (s staticTypeConverters) Run(context.Context) {}

func (s staticTypeConverters) GetTypeConverter(gvk schema.GroupVersionKind) managedfields.TypeConverter {
	if !kubeScheme().Recognizes(gvk) {
		return nil
	}
	return s.tc
}
