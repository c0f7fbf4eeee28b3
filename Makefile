# vapgen — see README.md. Every target runs from a fresh clone.

GO        ?= go
BIN       := bin/vapgen
# The version vapgen version prints: the nearest tag and commit of this checkout.
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
MANIFESTS ?= manifests
# The same policies in the per-profile layout (README "Layouts").
MANIFESTS_PER_PROFILE ?= manifests-per-profile
# The differential tests against Pod Security Admission: pods per profile and version.
PSS_PODS      ?= 5000
PSS_PODS_OLDER ?= 2000
PSS_PODS_LONG ?= 200000
FUZZTIME  ?= 10s
# A new interesting input is minimized for this long; a minimization cut short by -fuzztime
# fails the run ("context deadline exceeded"), so the short runs of make test do not minimize.
FUZZMINIMIZETIME ?= 0
SUITES    ?= chainsaw-tests
# The layouts the e2e suites run against, one cluster each.
E2E_MANIFESTS ?= $(MANIFESTS) $(MANIFESTS_PER_PROFILE)
# api: the policies are applied as API objects; static-manifests: kube-apiserver (1.37+) loads them
# from files (generate --format static-manifests). Each Test runs on one (chainsaw-tests/README.md).
E2E_CONTROL_PLANES ?= api static-manifests
# The kube-apiserver releases of make e2e (hack/tools/kube/<version>/): the newest and the
# oldest the module proxy serves; KUBE_VERSION=v1.35.4 runs that one only.
KUBE_VERSIONS ?= $(or $(KUBE_VERSION),v1.37.2 v1.34.4)

.PHONY: all build generate verify test test-long fuzz bench e2e e2e-kind tools clean help

all: build

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build bin/vapgen
	$(GO) build -ldflags "-X github.com/vapgen/vapgen/internal/app.Version=$(VERSION)" -o $(BIN) ./cmd/vapgen

generate: build ## regenerate manifests/, manifests-per-profile/ and the generated Chainsaw suites from vapgen.yaml's policies and overlays (hack/update-generated.sh)
	hack/update-generated.sh

verify: build ## every hack/verify-*.sh: gofmt, go vet, license headers, pinned Kubernetes modules, shellcheck, generated files current
	@rc=0; for s in hack/verify-*.sh; do echo "+++ $$s"; $$s || rc=1; done; exit $$rc

test: verify ## unit, golden, differential and CLI tests, a short fuzz run, verify
	PSS_PODS=$(PSS_PODS) PSS_PODS_OLDER=$(PSS_PODS_OLDER) $(GO) test -count=1 -timeout 20m ./...
	$(MAKE) --no-print-directory fuzz

test-long: ## the differential tests with PSS_PODS_LONG pods per profile at every Pod Security Standards version; type checker and CEL cost table on every version's policies
	PSS_PODS=$(PSS_PODS_LONG) PSS_PODS_OLDER=$(PSS_PODS_LONG) PSS_VERSIONS=all $(GO) test -count=1 -timeout 12h ./policies/...
	VAPGEN_PROOF_ALL=1 $(GO) test -count=1 -timeout 2h -run 'TestTypeCheckManifests|TestCELCostTable' ./proof

fuzz: ## fuzz for FUZZTIME each: the policy loader and converters, the CEL repair, the check input reader, the config loader
	$(GO) test -timeout 10m -run '^$$' -fuzz FuzzConvert -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./generator
	$(GO) test -timeout 10m -run '^$$' -fuzz FuzzRepairOptionalSelects -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./generator/celcheck
	$(GO) test -timeout 10m -run '^$$' -fuzz FuzzReadInput -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./evaluator/manifest
	$(GO) test -timeout 10m -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZETIME) ./internal/config

bench: ## benchmarks: generation, offline evaluation against PSA, CEL cost per expression
	$(GO) test -timeout 60m -run '^$$' -bench . -benchmem ./...
	$(GO) test -count=1 -timeout 10m -run TestCELCostTable -v ./proof

tools: ## build or find the e2e tools (cached outside the repo: ~/.cache/vapgen/bin or VAPGEN_CACHE)
	hack/tools/install.sh all

e2e: ## for each release in KUBE_VERSIONS, layout in E2E_MANIFESTS and control plane in E2E_CONTROL_PLANES: a local etcd + kube-apiserver + kube-controller-manager with the policies (applied, or loaded from files) and the Chainsaw suites for it
	@rc=0; for v in $(KUBE_VERSIONS); do for m in $(E2E_MANIFESTS); do for p in $(E2E_CONTROL_PLANES); do \
		KUBE_VERSION=$$v MANIFESTS=$$m E2E_CONTROL_PLANE=$$p SUITES=$(SUITES) E2E_REPORT=chainsaw-$$(echo $$v | tr . -)-$$(basename $$m)$$([ $$p = api ] || echo -$$p) hack/e2e/run.sh || rc=1; \
	done; done; done; exit $$rc

e2e-kind: ## the same on a kind cluster (needs Docker and kind v0.33)
	@rc=0; for m in $(E2E_MANIFESTS); do \
		MANIFESTS=$$m SUITES=$(SUITES) E2E_REPORT=chainsaw-$$(basename $$m) hack/e2e/kind.sh || rc=1; \
	done; exit $$rc

clean: ## remove build output
	rm -rf bin _artifacts
