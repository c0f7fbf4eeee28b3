// Package generator turns Kyverno CEL policies into Kubernetes
// ValidatingAdmissionPolicies and their bindings: one policy and binding per
// Kyverno rule, bound to namespaces by a profile label and lifted by a
// per-rule opt-out label.
//
// Generate is the whole pipeline: read the policy files, convert every rule,
// compile and type-check every CEL expression with the API server's own
// environment, and return the objects or the problems found. The output
// subpackage writes the result as a kustomize tree.
package generator
