// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// owners remembers, for every listed workload, its controller, so that an
// object can be reported at the top-most listed object that controls it: a
// pod of a ReplicaSet of a Deployment at the Deployment. It holds two UIDs
// per workload, not the workloads.
type owners struct {
	controller map[types.UID]types.UID // workload → its controller ("" none)
}

func newOwners() *owners { return &owners{controller: map[types.UID]types.UID{}} }

// add records a listed workload.
func (o *owners) add(obj metav1.Object) {
	var c types.UID
	if ref := metav1.GetControllerOf(obj); ref != nil {
		c = ref.UID
	}
	o.controller[obj.GetUID()] = c
}

// top returns the UID of the top-most listed object controlling obj,
// following controller references through listed objects; "" when no
// listed object controls it. A reference to an object that was not listed
// (a custom controller's, a Node for a static pod) ends the chain.
func (o *owners) top(obj metav1.Object) types.UID {
	ref := metav1.GetControllerOf(obj)
	if ref == nil {
		return ""
	}
	var top types.UID
	seen := map[types.UID]bool{obj.GetUID(): true}
	for uid := ref.UID; uid != "" && !seen[uid]; {
		next, listed := o.controller[uid]
		if !listed {
			break
		}
		seen[uid] = true
		top, uid = uid, next
	}
	return top
}
