// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/config"
	"github.com/vapgen/vapgen/internal/testkit"
)

// root is the repository, seen from this package's folder.
const root = ".."

// allVariants (VAPGEN_PROOF_ALL=1, make test-long) makes the expensive
// proofs (the API server's own type checker, the CEL cost table) cover the
// warn and audit copies of the version-dependent rules too; otherwise they
// cover every other policy: every rule, template path and overlay, at every
// version, since one policy reads the version from its namespace. The warn
// and audit copies differ from the enforce copy only in the label they read
// the version from.
var allVariants = os.Getenv("VAPGEN_PROOF_ALL") != ""

// inScope tells whether an expensive proof covers a policy.
func inScope(p *admissionregistrationv1.ValidatingAdmissionPolicy) bool {
	label, versioned := p.Annotations["vapgen.io/pss-version-label"]
	return allVariants || !versioned || strings.HasSuffix(label, "/profile-version")
}

// fixture is one generation of the shipped policies and overlays, compiled
// into an evaluator.
type fixture struct {
	opts  generator.Options
	units []*generator.Unit
	eval  *evaluator.Evaluator
}

// variant is a generation with the repository's settings changed by mutate,
// built once, on first use, and shared by every test that uses it.
type variant struct {
	mutate func(*generator.Options)
	once   sync.Once
	f      *fixture
	err    error
}

func newVariant(mutate func(*generator.Options)) *variant { return &variant{mutate: mutate} }

// repo is the generation `make generate` does: vapgen.yaml as it is.
var repo = newVariant(func(*generator.Options) {})

func (v *variant) get(t testing.TB) *fixture {
	t.Helper()
	v.once.Do(func() { v.f, v.err = build(v.mutate) })
	if v.err != nil {
		t.Fatal(v.err)
	}
	return v.f
}

func build(mutate func(*generator.Options)) (*fixture, error) {
	opts, err := testkit.Options(filepath.Join(root, config.DefaultFile))
	if err != nil {
		return nil, err
	}
	mutate(&opts)
	res, err := testkit.Generate(opts, false)
	if err != nil {
		return nil, err
	}
	eval, err := testkit.EvaluatorOf(res)
	if err != nil {
		return nil, err
	}
	return &fixture{opts: opts, units: res.Units, eval: eval}, nil
}

// objects lists every policy and binding of the units.
func objects(units []*generator.Unit) ([]*admissionregistrationv1.ValidatingAdmissionPolicy, []*admissionregistrationv1.ValidatingAdmissionPolicyBinding) {
	return (&generator.Result{Units: units}).Objects()
}

// unit returns the unit of a rule by its generated name.
func (f *fixture) unit(t testing.TB, name string) *generator.Unit {
	t.Helper()
	for _, u := range f.units {
		if u.Name == name {
			return u
		}
	}
	t.Fatalf("no unit %q", name)
	return nil
}
