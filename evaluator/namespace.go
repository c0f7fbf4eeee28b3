// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"fmt"
	"maps"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// ForNamespace returns an Evaluator for the requests about namespaced
// objects in ns that decides them exactly like e, faster: it leaves out the
// bindings whose namespaceSelector does not select ns, which the dispatcher
// skips for every such request (namespace.Matcher.MatchNamespaceSelector
// judges a namespaced request by its namespace's labels), and the policies
// that have no binding left. A binding whose selector does not parse is
// kept, so that its error stays the dispatcher's. The view refuses requests
// about other namespaces, cluster-scoped objects and Namespace objects, and
// a namespace with other labels. TestForNamespaceIsExact proves it decides
// like e.
func (e *Evaluator) ForNamespace(ns *corev1.Namespace) (*Evaluator, error) {
	if ns == nil || ns.Name == "" {
		return nil, fmt.Errorf("evaluator: ForNamespace needs a namespace with a name")
	}
	stored, err := namespaceFrom(ns)
	if err != nil {
		return nil, err
	}
	set := labels.Set(stored.Labels)
	view := *e
	view.hooks = nil
	view.onlyIn = &namespaceView{name: stored.Name, labels: maps.Clone(stored.Labels)}
	for _, hook := range e.hooks {
		var kept []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
		for _, b := range hook.Bindings {
			if selects(b, set) {
				kept = append(kept, b)
			}
		}
		if len(kept) == 0 && hook.ConfigurationError == nil {
			continue
		}
		h := hook
		h.Bindings = kept
		view.hooks = append(view.hooks, h)
	}
	return &view, nil
}

// namespaceView is the namespace an Evaluator of ForNamespace is for.
type namespaceView struct {
	name   string
	labels map[string]string
}

// selects reports whether a binding's namespaceSelector may select a
// namespace with these labels: true unless it parses and does not match.
func selects(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding, set labels.Set) bool {
	if b.Spec.MatchResources == nil || b.Spec.MatchResources.NamespaceSelector == nil {
		return true
	}
	selector, err := metav1.LabelSelectorAsSelector(b.Spec.MatchResources.NamespaceSelector)
	return err != nil || selector.Matches(set)
}

// check refuses a request the view is not for.
func (v *namespaceView) check(namespace string, ns *corev1.Namespace, resource string) error {
	switch {
	case resource == "namespaces" || namespace == "":
		return fmt.Errorf("evaluator: the evaluator for namespace %s judges namespaced objects in it, not cluster-scoped ones", v.name)
	case namespace != v.name || ns == nil:
		return fmt.Errorf("evaluator: the evaluator for namespace %s got a request in namespace %s", v.name, namespace)
	case !maps.Equal(ns.Labels, v.labels):
		return fmt.Errorf("evaluator: the evaluator for namespace %s got the namespace with other labels", v.name)
	}
	return nil
}
