// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
)

// recordingMatcher is the API server's policy matcher that remembers, for
// one request, what it answered for each policy and binding, so that the
// per-binding results (results.go) reuse the dispatcher's matching instead
// of matching every policy and binding a second time. A matcher serves one
// request, which the dispatcher handles on one goroutine.
type recordingMatcher struct {
	generic.PolicyMatcher
	definitions map[string]definitionMatch
	bindings    map[string]bindingMatch
}

type definitionMatch struct {
	matches bool
	err     error
}

type bindingMatch struct {
	matches bool
	err     error
}

func newRecordingMatcher(m generic.PolicyMatcher) *recordingMatcher {
	return &recordingMatcher{PolicyMatcher: m, definitions: map[string]definitionMatch{}, bindings: map[string]bindingMatch{}}
}

func (m *recordingMatcher) DefinitionMatches(a admission.Attributes, o admission.ObjectInterfaces, definition generic.PolicyAccessor) (bool, schema.GroupVersionResource, schema.GroupVersionKind, error) {
	matches, gvr, gvk, err := m.PolicyMatcher.DefinitionMatches(a, o, definition)
	m.definitions[definition.GetName()] = definitionMatch{matches: matches, err: err}
	return matches, gvr, gvk, err
}

func (m *recordingMatcher) BindingMatches(a admission.Attributes, o admission.ObjectInterfaces, binding generic.BindingAccessor) (bool, error) {
	matches, err := m.PolicyMatcher.BindingMatches(a, o, binding)
	m.bindings[binding.GetName()] = bindingMatch{matches: matches, err: err}
	return matches, err
}

// definitionMatches answers like DefinitionMatches, from the record when the
// dispatcher asked already.
func (m *recordingMatcher) definitionMatches(a admission.Attributes, o admission.ObjectInterfaces, definition generic.PolicyAccessor) (bool, error) {
	if r, ok := m.definitions[definition.GetName()]; ok {
		return r.matches, r.err
	}
	matches, _, _, err := m.PolicyMatcher.DefinitionMatches(a, o, definition)
	return matches, err
}

// bindingMatches answers like BindingMatches, from the record when the
// dispatcher asked already.
func (m *recordingMatcher) bindingMatches(a admission.Attributes, o admission.ObjectInterfaces, binding generic.BindingAccessor) (bool, error) {
	if r, ok := m.bindings[binding.GetName()]; ok {
		return r.matches, r.err
	}
	return m.PolicyMatcher.BindingMatches(a, o, binding)
}
