// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"reflect"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// asCreated turns a stored object into the body of a CREATE of it: what
// its owner (a controller, or whoever created it) sent, as far as the
// stored object tells. Fields the API server sets on write are cleared:
// uid, resourceVersion, generation, creation and deletion timestamps,
// managedFields and status. Everything else is kept, including what
// mutating admission added when the object was created (e.g. a pod's
// service account token volume), which validating admission saw then too.
// The evaluator applies the API server's defaults again, which changes
// nothing on a stored object. The object is changed in place.
func asCreated(obj runtime.Object) runtime.Object {
	if m, err := meta.Accessor(obj); err == nil {
		m.SetUID("")
		m.SetResourceVersion("")
		m.SetGeneration(0)
		m.SetCreationTimestamp(metav1.Time{})
		m.SetDeletionTimestamp(nil)
		m.SetDeletionGracePeriodSeconds(nil)
		m.SetManagedFields(nil)
		m.SetSelfLink("")
	}
	v := reflect.ValueOf(obj)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
		if status := v.Elem().FieldByName("Status"); status.IsValid() && status.CanSet() {
			status.Set(reflect.Zero(status.Type()))
		}
	}
	return obj
}
