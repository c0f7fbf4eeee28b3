package proof_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/vapgen/vapgen/evaluator"
	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/internal/config"
)

// root is the repository, seen from this package's folder.
const root = ".."

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

// buildMu serializes builds: evaluator.New compiles with a CEL composition
// environment shared by the whole process, which is not safe for concurrent
// use (concurrent calls die with "concurrent map writes").
var buildMu sync.Mutex

func (v *variant) get(t testing.TB) *fixture {
	t.Helper()
	v.once.Do(func() {
		buildMu.Lock()
		defer buildMu.Unlock()
		v.f, v.err = build(v.mutate)
	})
	if v.err != nil {
		t.Fatal(v.err)
	}
	return v.f
}

// repoOptions are the options `vapgen generate` takes from the repository's
// vapgen.yaml, with paths relative to this folder.
func repoOptions() (generator.Options, error) {
	cfg, err := config.Load(filepath.Join(root, config.DefaultFile), true)
	if err != nil {
		return generator.Options{}, err
	}
	opts := generator.Options{
		LabelPrefix:          cfg.LabelPrefix,
		DefaultPolicyProfile: generator.Profile(cfg.DefaultPolicyProfile),
		DefaultProfile:       generator.Profile(cfg.DefaultProfile),
		Actions:              generator.ActionSource(cfg.ValidationActions),
		Controllers:          generator.ControllerMode(cfg.Controllers),
		RuleControllers:      map[string]generator.ControllerMode{},
		Exemptions:           cfg.Exemptions,
		LabelGuard:           cfg.LabelGuard,
		SkipUnsupported:      cfg.SkipUnsupported,
	}
	for _, p := range cfg.Policies {
		opts.Policies = append(opts.Policies, filepath.Join(root, p))
	}
	if cfg.Overlays != "" {
		opts.Overlays = []string{filepath.Join(root, cfg.Overlays)}
	}
	for name, r := range cfg.Rules {
		if r.Controllers != "" {
			opts.RuleControllers[name] = generator.ControllerMode(r.Controllers)
		}
	}
	return opts, nil
}

func build(mutate func(*generator.Options)) (*fixture, error) {
	opts, err := repoOptions()
	if err != nil {
		return nil, err
	}
	mutate(&opts)
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	res, diags := generator.Generate(opts)
	if res == nil {
		return nil, fmt.Errorf("generate: %v", diags)
	}
	if len(res.Warnings) > 0 {
		return nil, fmt.Errorf("generate: warnings: %v", res.Warnings)
	}
	policies, bindings := objects(res.Units)
	set, err := evaluator.NewSet(policies, bindings, nil)
	if err != nil {
		return nil, err
	}
	if p := set.Problems(); len(p) > 0 {
		return nil, fmt.Errorf("the API server would reject or ignore: %v", p)
	}
	eval, err := evaluator.New(set)
	if err != nil {
		return nil, err
	}
	return &fixture{opts: opts, units: res.Units, eval: eval}, nil
}

// objects lists every policy and binding of the units.
func objects(units []*generator.Unit) ([]*admissionregistrationv1.ValidatingAdmissionPolicy, []*admissionregistrationv1.ValidatingAdmissionPolicyBinding) {
	var policies []*admissionregistrationv1.ValidatingAdmissionPolicy
	var bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for _, u := range units {
		policies = append(policies, u.Policies...)
		bindings = append(bindings, u.Bindings...)
	}
	return policies, bindings
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
