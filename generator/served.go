// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/generator/internal/kinds"
)

// Unserved says why kube-apiserver 1.37 cannot take an object of the kind,
// when it serves the kind at other versions only (a removed beta version);
// "" when it serves the version or does not know the kind (a custom kind).
func Unserved(gvk schema.GroupVersionKind) string {
	served, atSomeVersion := kinds.Builtin(gvk)
	if served || !atSomeVersion {
		return ""
	}
	return fmt.Sprintf("kube-apiserver 1.37 no longer serves %s, so no request can create it", gvk.GroupVersion().String()+" "+gvk.Kind)
}
