// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/vapgen/vapgen/internal/diag"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitInvalid = 1 // the input is invalid, or a check denied something
	ExitUsage   = 2 // the command line is wrong
)

// exitError carries an exit code; its message, if any, is printed once by Run.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: ExitUsage, msg: fmt.Sprintf(format, args...)}
}

func invalidErrorf(format string, args ...any) error {
	return &exitError{code: ExitInvalid, msg: fmt.Sprintf(format, args...)}
}

// Run runs vapgen with args (args[0] is the program name) and returns the exit
// code. Errors are printed once, to stderr.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	unknownCommand := false
	a := &cli.App{
		Name:                 "vapgen",
		Usage:                "turn Kyverno CEL policies into ValidatingAdmissionPolicies and bindings",
		Reader:               stdin,
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: false,
		HideHelpCommand:      true,
		Commands:             []*cli.Command{generateCommand(), checkCommand(), auditCommand(), migrateCommand(), suitesCommand(), versionCommand()},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageErrorf("%v", err)
		},
		CommandNotFound: func(c *cli.Context, name string) {
			unknownCommand = true
			fmt.Fprintf(c.App.ErrWriter, "vapgen: unknown command %q (see vapgen --help)\n", name)
		},
		ExitErrHandler: func(*cli.Context, error) {},
	}
	err := a.Run(args)
	if err == nil {
		if unknownCommand {
			return ExitUsage
		}
		return ExitOK
	}
	var problems diag.List
	if errors.As(err, &problems) {
		for _, d := range problems {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintf(stderr, "vapgen: %s\n", countErrors(problems))
		return ExitInvalid
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "vapgen: %s\n", ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "vapgen: %v\n", err)
	return ExitInvalid
}

// withUsageErrors makes a command's flag errors usage errors.
func withUsageErrors(c *cli.Command) *cli.Command {
	c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
		return usageErrorf("%s: %v", c.Name, err)
	}
	return c
}

// noArgs rejects positional arguments.
func noArgs(c *cli.Context) error {
	if c.NArg() > 0 {
		return usageErrorf("%s: unexpected argument %q", c.Command.Name, c.Args().First())
	}
	return nil
}
