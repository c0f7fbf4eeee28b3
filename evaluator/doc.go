// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package evaluator decides, offline, what a Kubernetes 1.37 API server with
// a given set of ValidatingAdmissionPolicies, MutatingAdmissionPolicies and
// their bindings answers to a request: allowed or denied, with the API
// server's exact Status message, code and reason, its warnings and its
// audit annotations, what each mutation changed and (WithStoredObject) the
// object as stored.
//
// It runs the API server's own admission code (k8s.io/apiserver
// pkg/admission/plugin/policy/validating: NewDispatcher over
// generic.NewPolicyMatcher(matching.NewMatcher(...)) and PolicyHooks built
// like the plugin's policy source), and reproduces what happens before it:
//
//   - Policies and bindings are defaulted as the API server stores them and
//     checked with its create validation; what it would reject (an
//     expression that does not compile, ...) is listed by Set.Problems and
//     then evaluated as the API server evaluates it, under failurePolicy.
//     Policies are compiled once (compile.go copies the plugin's unexported
//     compilePolicy).
//   - A built-in object is sent as JSON through the API server's decoder
//     (codec factory, strict unless FieldValidation is Ignore): decoded into
//     its Go type, defaulted (SetObjectDefaults_* of
//     k8s.io/kubernetes/pkg/apis/*, e.g. a Pod's imagePullPolicy, or a
//     Deployment's replicas and pod template) and converted to the internal
//     version. A body that does not decode, or has unknown fields under
//     Strict (kubectl's default), is the API server's 400 BadRequest.
//     Custom kinds stay unstructured. A built-in kind at a version a 1.37
//     API server does not serve by default (batch/v1beta1 CronJob) gets
//     the 404 a client sees for a path without a handler
//     (TestUnservedVersion).
//   - Namespaces carry the kubernetes.io/metadata.name label; the object's
//     namespace is filled in or checked like the API server does.
//   - paramKind/paramRef resolve through listers like the plugin's
//     informers; a paramKind that is neither built-in nor declared by a
//     CustomResourceDefinition (or present among the params) is the same
//     configuration error as in the API server.
//
// The default (fast) path converts the request object to its version and to
// unstructured form once, instead of letting the dispatcher do it for every
// matching policy; TestFastPathIsExact proves both give identical decisions
// on a corpus of several thousand requests. The Exact option selects the
// API server's own path.
//
// MutatingAdmissionPolicies run first, as in the API server's admission
// chain: the dispatcher of k8s.io/apiserver pkg/admission/plugin/policy/
// mutating (its ApplyConfiguration and JSONPatch patchers, with a type
// converter built from the API server's generated OpenAPI definitions as
// genericapiserver builds it) on the object in its internal version, once
// more when a mutation asks for reinvocation, then the validating policies
// judge the mutated object (mutate.go; compileMutatingPolicy reproduces the
// plugin's unexported compilePolicy). Custom kinds have no type converter:
// a MutatingAdmissionPolicy matching one fails the request with 503, as the
// API server does for a kind whose schema it has not loaded.
// TestMutatingAdmission and proof's TestSecureDefaults prove it case by
// case, policies' TestMutationDifferential on random pods against PSA.
//
// Not reproduced: the built-in mutating plugins (ServiceAccount, which adds
// the token volume and serviceAccountName, DefaultTolerationSeconds,
// Priority) and webhooks,
// the registry strategy steps that run before validating admission
// (PrepareForCreate/Update, e.g. a pod's status, QoS class and AppArmor
// field/annotation sync, generateName; the object's API validation, whose
// 422 comes before any policy), validating webhooks, and RBAC (CEL's
// authorizer allows system:masters and nothing else by default). When
// several policies deny, the API server names the first in map order; here
// policies and bindings are taken in name order.
//
// ForNamespace returns a view of an Evaluator for the namespaced requests of
// one namespace, without the bindings whose namespaceSelector cannot select
// it (the dispatcher skips them for every such request): the same decisions
// for less matching, which `vapgen audit` uses for every namespace it judges;
// TestForNamespaceIsExact proves them identical. WithFailures makes every
// Result list each failing validation, not only the first (what tells the
// rules of a per-profile policy apart).
//
// Load and NewSet build a Set, New compiles it into an Evaluator, which is
// safe for concurrent use, and Evaluate decides one Request. Package
// evaluator/manifest reads manifests; evaluator/report formats results.
package evaluator
