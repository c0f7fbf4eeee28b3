// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"errors"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/vapgen/vapgen/evaluator/manifest"
	"github.com/vapgen/vapgen/internal/diag"
)

var (
	vapGVK        = admissionregistrationv1.SchemeGroupVersion.WithKind("ValidatingAdmissionPolicy")
	bindingGVK    = admissionregistrationv1.SchemeGroupVersion.WithKind("ValidatingAdmissionPolicyBinding")
	crdGroupKind  = schema.GroupKind{Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition"}
	admissionRegG = admissionregistrationv1.GroupName
)

// Load reads ValidatingAdmissionPolicies, their bindings and param objects
// from YAML or JSON files and directories ("-" is standard input). A
// directory is read as kubectl apply -k would apply it: a folder with its
// own kustomization that its parent's does not list (the optional
// manifests/reports/ of a generated tree) is skipped (manifest.ReadDeployed).
// CustomResourceDefinitions are read too: they tell which param kinds exist,
// their scope and resource name. Every other document must be of a kind some
// loaded policy uses as its paramKind.
//
// Errors name the file, line and column. Problems
// the API server would reject on write (for example an expression that does
// not compile) are not errors: they are listed by Set.Problems and the policy
// is evaluated the way the API server evaluates it under its failurePolicy.
func Load(paths ...string) (*Set, error) {
	docs, err := manifest.ReadDeployed(paths...)
	errs := []error{}
	if err != nil {
		errs = append(errs, err)
	}
	var in setInput
	var candidates []manifest.Document
	for _, doc := range docs {
		if err := in.add(doc, &candidates); err != nil {
			var located diag.List
			if !errors.As(err, &located) {
				err = fmt.Errorf("%s: %w", doc.Source, err)
			}
			errs = append(errs, err)
		}
	}
	paramKinds := map[schema.GroupVersionKind]bool{}
	for _, p := range in.policies {
		if pk := p.obj.Spec.ParamKind; pk != nil {
			paramKinds[schema.FromAPIVersionAndKind(pk.APIVersion, pk.Kind)] = true
		}
	}
	for _, doc := range candidates {
		gvk := doc.Object.GroupVersionKind()
		if !paramKinds[gvk] {
			errs = append(errs, fmt.Errorf("%s: unknown kind %s %q: not a ValidatingAdmissionPolicy, a ValidatingAdmissionPolicyBinding, a CustomResourceDefinition or the paramKind of a loaded policy",
				doc.Source, doc.Object.GetAPIVersion(), doc.Object.GetKind()))
			continue
		}
		in.params = append(in.params, sourced[*unstructured.Unstructured]{doc.Object, doc.Source.String()})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return newSet(in)
}

// add sorts one document into policies, bindings and CRDs; other documents
// become param candidates.
func (in *setInput) add(doc manifest.Document, candidates *[]manifest.Document) error {
	gvk := doc.Object.GroupVersionKind()
	src := doc.Source.String()
	switch {
	case gvk == vapGVK:
		p := &admissionregistrationv1.ValidatingAdmissionPolicy{}
		if err := doc.Decode(p); err != nil {
			return err
		}
		in.policies = append(in.policies, sourced[*admissionregistrationv1.ValidatingAdmissionPolicy]{p, src})
	case gvk == bindingGVK:
		b := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{}
		if err := doc.Decode(b); err != nil {
			return err
		}
		in.bindings = append(in.bindings, sourced[*admissionregistrationv1.ValidatingAdmissionPolicyBinding]{b, src})
	case gvk == mapGVK:
		p := &admissionregistrationv1.MutatingAdmissionPolicy{}
		if err := doc.Decode(p); err != nil {
			return err
		}
		in.mutating = append(in.mutating, sourced[*admissionregistrationv1.MutatingAdmissionPolicy]{p, src})
	case gvk == mapBindingGVK:
		b := &admissionregistrationv1.MutatingAdmissionPolicyBinding{}
		if err := doc.Decode(b); err != nil {
			return err
		}
		in.mutatingBindings = append(in.mutatingBindings, sourced[*admissionregistrationv1.MutatingAdmissionPolicyBinding]{b, src})
	case gvk.Group == admissionRegG && (gvk.Kind == vapGVK.Kind || gvk.Kind == bindingGVK.Kind || gvk.Kind == mapGVK.Kind || gvk.Kind == mapBindingGVK.Kind):
		return fmt.Errorf("%s %s is not served by Kubernetes 1.37: use %s", gvk.GroupVersion(), gvk.Kind, admissionregistrationv1.SchemeGroupVersion)
	case gvk.Group == admissionRegG:
		return fmt.Errorf("unsupported kind %s %s: only ValidatingAdmissionPolicies, MutatingAdmissionPolicies and their bindings are evaluated", gvk.GroupVersion(), gvk.Kind)
	case gvk.GroupKind() == crdGroupKind:
		crd, err := parseCRD(doc.JSON)
		if err != nil {
			return err
		}
		in.crds = append(in.crds, crd)
	default:
		*candidates = append(*candidates, doc)
	}
	return nil
}
