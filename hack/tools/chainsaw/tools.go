//go:build tools

// Package tools pins the chainsaw command built by hack/tools/install.sh.
package tools

import _ "github.com/kyverno/chainsaw"
