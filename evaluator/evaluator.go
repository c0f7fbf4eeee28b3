// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
	"k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	"k8s.io/apiserver/pkg/admission/plugin/policy/mutating"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
	listersv1 "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
	"k8s.io/kubernetes/pkg/kubeapiserver/admission/exclusion"
)

// Evaluator decides requests with the API server's ValidatingAdmissionPolicy
// admission code. Policies are compiled once, in New. It is safe for
// concurrent use.
type Evaluator struct {
	hooks []validating.PolicyHook
	// mutatingHooks run first, when the request has an object.
	mutatingHooks []mutating.PolicyHook
	kinds         *kindRegistry
	objects       *objectInterfaces
	authz         authorizer.Authorizer
	client        kubernetes.Interface
	excluded      sets.Set[schema.GroupResource]
	exact         bool
	failures      bool
	stored        bool
	// onlyIn is set on the Evaluators of ForNamespace.
	onlyIn *namespaceView
	// fieldValidation is the request's fieldValidation (Strict, Warn, Ignore).
	fieldValidation string
}

// Option configures an Evaluator.
type Option func(*Evaluator)

// Exact makes the evaluator hand admission the request object in the
// internal version, as the API server does, so that the dispatcher converts
// it for every matching policy. By default the object is converted once; the
// tests prove both give the same decisions, and the default is much faster.
func Exact() Option { return func(e *Evaluator) { e.exact = true } }

// WithFailures makes every Result list all its failing validations in
// Failures, not only the first in Message: what a policy with several
// validations (the per-profile layout) says about each.
func WithFailures() Option { return func(e *Evaluator) { e.failures = true } }

// WithStoredObject makes every Decision carry the object as the API server
// would store it (Decision.Object).
func WithStoredObject() Option { return func(e *Evaluator) { e.stored = true } }

// WithAuthorizer sets the authorizer behind CEL's authorizer variable. The
// default allows members of system:masters everything and has no opinion
// about anyone else (the API server's privileged-group authorizer, without
// RBAC data).
func WithAuthorizer(a authorizer.Authorizer) Option { return func(e *Evaluator) { e.authz = a } }

// FieldValidation sets how unknown and duplicate fields in built-in objects
// are handled: metav1.FieldValidationStrict (the default, as kubectl sends
// it) rejects the request with 400 BadRequest, Warn warns, Ignore drops them.
func FieldValidation(directive string) Option {
	return func(e *Evaluator) { e.fieldValidation = directive }
}

// New compiles every policy of the Set that has a binding.
func New(set *Set, opts ...Option) (*Evaluator, error) {
	if set == nil {
		return nil, errors.New("evaluator: nil Set")
	}
	hooks, err := buildHooks(set)
	if err != nil {
		return nil, err
	}
	mutatingHooks, err := buildMutatingHooks(set)
	if err != nil {
		return nil, err
	}
	e := &Evaluator{
		fieldValidation: metav1.FieldValidationStrict,
		hooks:           hooks,
		mutatingHooks:   mutatingHooks,
		kinds:           set.kinds,
		objects:         newObjectInterfaces(set.kinds),
		authz:           authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup),
		// The namespace matcher falls back to a client when its lister misses;
		// an empty one answers NotFound like the API server would.
		client: fake.NewClientset(),
		// Resources the policy plugin never sees (generic/plugin.go and the
		// kube-apiserver's exclusion list).
		excluded: sets.New(exclusion.Excluded()...).Insert(
			schema.GroupResource{Group: "admissionregistration.k8s.io", Resource: "validatingadmissionpolicies"},
			schema.GroupResource{Group: "admissionregistration.k8s.io", Resource: "validatingadmissionpolicybindings"},
			schema.GroupResource{Group: "admissionregistration.k8s.io", Resource: "mutatingadmissionpolicies"},
			schema.GroupResource{Group: "admissionregistration.k8s.io", Resource: "mutatingadmissionpolicybindings"},
		),
	}
	for _, opt := range opts {
		opt(e)
	}
	switch e.fieldValidation {
	case metav1.FieldValidationStrict, metav1.FieldValidationWarn, metav1.FieldValidationIgnore:
	default:
		return nil, fmt.Errorf("evaluator: field validation %q is not Strict, Warn or Ignore", e.fieldValidation)
	}
	return e, nil
}

// Evaluate decides one request. The error is for requests that cannot be
// built (no object, unknown operation, a namespace that does not match the
// object's, an object that does not decode); admission's own errors are
// decisions.
func (e *Evaluator) Evaluate(ctx context.Context, req Request) (Decision, error) {
	recorder := &warningRecorder{}
	log := &callLog{}
	ctx = context.WithValue(warning.WithWarningRecorder(ctx, recorder), callLogKey{}, log)
	attrs, ns, err := e.attributes(ctx, req)
	var rejected rejection
	if errors.As(err, &rejected) {
		d := Decision{Namespace: rejected.namespace, Warnings: recorder.warnings()}
		d.deny(rejected.status)
		return d, nil
	}
	if err != nil {
		return Decision{}, err
	}
	if e.onlyIn != nil {
		if err := e.onlyIn.check(attrs.namespace, ns, attrs.GetResource().Resource); err != nil {
			return Decision{}, err
		}
	}
	if e.excluded.Has(attrs.GetResource().GroupResource()) {
		return Decision{Allowed: true, Namespace: attrs.namespace}, nil
	}
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	if ns != nil {
		if err := indexer.Add(ns); err != nil {
			return Decision{}, err
		}
	}
	namespaces := matching.NewMatcher(listersv1.NewNamespaceLister(indexer), e.client)
	d := Decision{Allowed: true, Namespace: attrs.namespace}
	attrs, mutations, mutateErr := e.mutate(ctx, attrs, namespaces)
	d.Mutations = mutations
	if mutateErr != nil {
		d.deny(mutateErr)
		d.Warnings = recorder.warnings()
		return d, nil
	}
	matcher := newRecordingMatcher(generic.NewPolicyMatcher(namespaces))
	dispatcher := validating.NewDispatcher(e.authz, matcher)

	dispatchErr := dispatcher.Dispatch(ctx, attrs, e.objects, e.hooks)

	if dispatchErr != nil {
		d.deny(dispatchErr)
	}
	if e.stored {
		if d.Object, err = storedObject(attrs, e.objects); err != nil {
			return Decision{}, err
		}
	}
	d.Warnings = recorder.warnings()
	d.AuditAnnotations = attrs.recorded()
	d.Results = results(e.hooks, attrs, e.objects, matcher, log, e.failures)
	return d, nil
}

var _ admission.ObjectInterfaces = (*objectInterfaces)(nil)
