// Builds chainsaw for the e2e suites (hack/tools/install.sh). Separate module:
// chainsaw v0.2.14 needs the go1.24 toolchain and its own dependency versions.
module github.com/vapgen/vapgen/hack/tools/chainsaw

go 1.24.2

require github.com/kyverno/chainsaw v0.2.14
