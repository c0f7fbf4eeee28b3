// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
	"k8s.io/klog/v2"

	"github.com/vapgen/vapgen/evaluator"
)

// loadJudge loads --manifests (default manifests) into an evaluator for
// the commands that judge with it (check, audit, migrate). A set without a
// single ValidatingAdmissionPolicy is a usage error: it would judge
// nothing. The set's problems are printed as warnings.
//
// The API server's admission code allocates heavily: garbage is collected
// at gcPercent, within the soft limit memLimit (GOGC and GOMEMLIMIT, when
// set, win), and klog is silenced.
func loadJudge(c *cli.Context, gcPercent int, memLimit int64, opts ...evaluator.Option) (*evaluator.Set, *evaluator.Evaluator, error) {
	klog.SetOutput(io.Discard)
	klog.LogToStderr(false)
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memLimit)
	}
	paths := c.StringSlice("manifests")
	if len(paths) == 0 {
		paths = []string{"manifests"}
	}
	set, err := evaluator.Load(paths...)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	if len(set.Policies()) == 0 {
		return nil, nil, &exitError{code: ExitUsage, msg: fmt.Sprintf("no ValidatingAdmissionPolicy in --manifests %s: nothing would be judged", strings.Join(paths, ", "))}
	}
	for _, p := range set.Problems() {
		fmt.Fprintf(c.App.ErrWriter, "vapgen: warning: %s\n", p)
	}
	ev, err := evaluator.New(set, opts...)
	if err != nil {
		return nil, nil, &exitError{code: ExitUsage, msg: err.Error()}
	}
	return set, ev, nil
}
