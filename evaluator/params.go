// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/tools/cache"
)

// paramInformer stands in for the informer the API server's policy source
// starts for a paramKind. generic.CollectParams uses its Lister and waits
// for Informer().HasSynced; the lister is the same cache.GenericLister over
// an indexer with the namespace index that client-go's informers use.
type paramInformer struct {
	lister cache.GenericLister
}

var _ informers.GenericInformer = paramInformer{}

func (p paramInformer) Informer() cache.SharedIndexInformer { return syncedInformer{} }
func (p paramInformer) Lister() cache.GenericLister         { return p.lister }

// syncedInformer is a SharedIndexInformer that has synced: its objects are
// all known up front. CollectParams calls only HasSynced.
type syncedInformer struct{ cache.SharedIndexInformer }

func (syncedInformer) HasSynced() bool { return true }

// newParamInformer indexes the Set's objects of one param kind as the API
// server's informer would hold them: built-in kinds as Go types of that
// version, defaulted, with empty TypeMeta (client-go's typed informers clear
// it; the dispatcher adds it back), custom kinds as unstructured objects.
// Objects of a namespaced kind without namespace go to "default", like
// kubectl; a cluster-scoped kind's namespace is cleared, like the API server.
func newParamInformer(params []*unstructured.Unstructured, gvk schema.GroupVersionKind, info kindInfo) (paramInformer, error) {
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, p := range params {
		if p.GroupVersionKind() != gvk {
			continue
		}
		obj, err := paramObject(p.DeepCopy(), info)
		if err != nil {
			return paramInformer{}, fmt.Errorf("param %s %q: %w", gvk.Kind, p.GetName(), err)
		}
		if err := indexer.Add(obj); err != nil {
			return paramInformer{}, err
		}
	}
	return paramInformer{lister: cache.NewGenericLister(indexer, info.resource.GroupResource())}, nil
}

func paramObject(u *unstructured.Unstructured, info kindInfo) (runtime.Object, error) {
	namespace := ""
	if info.namespaced {
		namespace = u.GetNamespace()
		if namespace == "" {
			namespace = "default"
		}
	}
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(namespace, u); err != nil {
		return nil, err
	}
	if !info.typed {
		return u, nil
	}
	s := kubeScheme()
	versioned, err := toVersioned(s, u)
	if err != nil {
		return nil, err
	}
	versioned.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	return versioned, nil
}

// toVersioned decodes a built-in object as a stored object reads back:
// decoded, defaulted, converted to the internal version and back.
func toVersioned(s *runtime.Scheme, u *unstructured.Unstructured) (runtime.Object, error) {
	internal, err := decodeBody(context.Background(), u, "")
	if err != nil {
		return nil, err
	}
	return s.ConvertToVersion(internal, u.GroupVersionKind().GroupVersion())
}

func paramScope(info kindInfo) meta.RESTScope {
	if info.namespaced {
		return meta.RESTScopeNamespace
	}
	return meta.RESTScopeRoot
}
