// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/urfave/cli/v2"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
	"github.com/vapgen/vapgen/internal/config"
	"github.com/vapgen/vapgen/internal/diag"
	"github.com/vapgen/vapgen/internal/yamldoc"
)

// generateSettings are the resolved settings of a generate run.
type generateSettings struct {
	opts   generator.Options
	out    string
	format string
	// apiserverDir is where kube-apiserver reads a static-manifests tree.
	apiserverDir string
	cfg          *config.Config
}

// generate runs the generator, with its problems about options placed at
// their fields in the config file.
func (s *generateSettings) generate() (*generator.Result, diag.List) {
	result, problems := generator.Generate(s.opts)
	if result != nil {
		result.Warnings = s.cfg.Relocate(result.Warnings)
	}
	return result, s.cfg.Relocate(problems)
}

// The values of generate --format.
const (
	formatKustomize = "kustomize"
	formatStatic    = "static-manifests"
)

// resolveGenerate merges the config file and the flags (flags win). A
// problem in the file is a diagnostic at its field (exit 1); one in a flag
// is a usage error (exit 2).
func resolveGenerate(c *cli.Context) (*generateSettings, error) {
	path, required := config.DefaultFile, false
	if c.IsSet("config") {
		path, required = c.String("config"), true
	}
	cfg, err := config.Load(path, required)
	var located diag.List
	switch {
	case errors.As(err, &located):
		return nil, located
	case err != nil:
		return nil, usageErrorf("config %s: %v", path, unwrapPath(err))
	}
	flagged := map[string]bool{"policies": c.IsSet("policies"), "crds": c.IsSet("crds"), "overlays": c.IsSet("overlays")}
	if missing := cfg.Missing(flagged); len(missing) > 0 {
		return nil, missing
	}
	opts := cfg.Options()
	opts.Policies = firstNonEmpty(c.StringSlice("policies"), opts.Policies, []string{"policies"})
	opts.LabelPrefix = firstNonEmpty([]string{c.String("label-prefix")}, []string{opts.LabelPrefix}, []string{generator.DefaultLabelPrefix})[0]
	opts.SkipUnsupported = opts.SkipUnsupported || c.Bool("skip-unsupported")
	opts.Strict = opts.Strict || c.Bool("strict")
	opts.CRDs = firstNonEmpty(c.StringSlice("crds"), opts.CRDs)
	if c.IsSet("layout") {
		opts.Layout = generator.Layout(c.String("layout"))
	}
	if c.IsSet("kubernetes-version") {
		opts.KubernetesVersion = c.String("kubernetes-version")
	}
	if c.IsSet("pss-version") {
		opts.PSSVersion = c.String("pss-version")
	}
	if c.IsSet("overlays") {
		opts.Overlays = []string{c.String("overlays")}
	} else if opts.Overlays == nil {
		// The default folder is optional; one that is named must exist.
		if _, err := os.Stat("overlays"); err == nil {
			opts.Overlays = []string{"overlays"}
		}
	}
	s := &generateSettings{
		opts: opts,
		cfg:  cfg,
		out:  firstNonEmpty([]string{c.String("out")}, []string{cfg.Out}, []string{"manifests"})[0],
	}
	if err := checkFlags(c); err != nil {
		return nil, err
	}
	if err := resolveFormat(c, s); err != nil {
		return nil, err
	}
	if errs := s.opts.Validate(); len(errs) > 0 {
		return nil, configErrors(cfg, errs)
	}
	return s, nil
}

// checkFlags validates the options flags set, each alone: a bad value is a
// usage error of its flag.
func checkFlags(c *cli.Context) error {
	for flag, set := range map[string]func(*generator.Options, string){
		"label-prefix":       func(o *generator.Options, v string) { o.LabelPrefix = v },
		"layout":             func(o *generator.Options, v string) { o.Layout = generator.Layout(v) },
		"kubernetes-version": func(o *generator.Options, v string) { o.KubernetesVersion = v },
		"pss-version":        func(o *generator.Options, v string) { o.PSSVersion = v },
	} {
		if !c.IsSet(flag) {
			continue
		}
		var o generator.Options
		set(&o, c.String(flag))
		if errs := o.Validate(); len(errs) > 0 {
			return usageErrorf("--%s: %s", flag, errs[0].ErrorBody())
		}
	}
	return nil
}

// resolveFormat sets the output form. The static-manifests form is written
// only where --out says: the default or configured folder holds the kustomize
// tree, which it must not replace.
func resolveFormat(c *cli.Context, s *generateSettings) error {
	s.format = formatKustomize
	if c.IsSet("format") {
		s.format = c.String("format")
	}
	switch s.format {
	case formatKustomize:
		if c.IsSet("apiserver-dir") {
			return usageErrorf("--apiserver-dir: only with --format %s", formatStatic)
		}
		return notOtherForm(s.out, output.AdmissionConfigFile, formatStatic)
	case formatStatic:
		if err := notOtherForm(s.out, "kustomization.yaml", formatKustomize); err != nil {
			return err
		}
	default:
		return usageErrorf("--format: want %s or %s, not %q", formatKustomize, formatStatic, s.format)
	}
	if !c.IsSet("out") || s.out == "-" {
		return usageErrorf("--format %s: needs --out DIR, a directory of its own (not -, nor the kustomize tree's)", formatStatic)
	}
	s.apiserverDir = output.DefaultAPIServerDir
	if c.IsSet("apiserver-dir") {
		s.apiserverDir = c.String("apiserver-dir")
	}
	if !path.IsAbs(s.apiserverDir) {
		return usageErrorf("--apiserver-dir: want an absolute path (kube-apiserver's staticManifestsDir must be one), not %q", s.apiserverDir)
	}
	s.apiserverDir = path.Clean(s.apiserverDir)
	return nil
}

// notOtherForm refuses to replace a tree of the other form (marked by its
// top file): a kustomize tree synced with pruning, or the folder an API
// server loads its policies from, would lose every policy.
func notOtherForm(out, marker, other string) error {
	if out == "-" {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, marker)); err == nil {
		return usageErrorf("--out %s holds a %s tree (%s); write each form to a directory of its own", out, other, marker)
	}
	return nil
}

// configErrors reports invalid options of the config file at their fields.
func configErrors(cfg *config.Config, errs field.ErrorList) error {
	var out diag.List
	for _, e := range errs {
		out = append(out, cfg.FieldError(e.Field, yamldoc.Message(e)))
	}
	return out
}

// unwrapPath drops the path from a file error whose message names it already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
