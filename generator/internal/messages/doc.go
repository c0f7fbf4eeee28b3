// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

// Package messages is the generator's message stage.
//
// OptOut makes every denial say how to lift it: each validation's message
// ends with the namespace label that opts out of the rule (for an overlay's
// copy, its base rule's).
//
// Guard keeps the messages cheap. kube-apiserver evaluates every
// messageExpression of a matched policy on every request, whether its
// validation passes or not (k8s.io/apiserver validating.validator.Validate),
// so a message that names the offending containers costs the filtering and
// formatting on every admitted pod too. Guard makes each messageExpression
// return at once when its validation passes: the API server uses a message
// only when the validation fails, and then the guarded expression is the
// message.
package messages
