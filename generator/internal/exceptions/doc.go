// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package exceptions is the generator's exception stage. It reads Kyverno
// PolicyExceptions, kyverno.io (v2, v2beta1) and policies.kyverno.io
// (v1alpha1, v1beta1, v1), and attaches each to the rules and mutations it
// covers as the exclusion Kyverno applies: a matchCondition that is false
// for the requests the exception matches, or, for an exception that only
// selects namespaces by their labels, a namespace requirement that leaves
// those namespaces out. A kyverno.io exception names rules: the rule's own
// policy for its name, its workload and pod template policies for
// `autogen-<rule>`, its CronJob policy for `autogen-cronjob-<rule>`, as
// Kyverno names the rules it generates. What cannot be expressed (JMESPath
// conditions, roles, namespace labels combined with other fields, expiry)
// is reported; --skip-unsupported then leaves the exception out, so that
// the rules it names stay enforced in full.
package exceptions
