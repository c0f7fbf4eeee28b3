// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package app

import (
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"github.com/vapgen/vapgen/generator/celcheck"
)

// Version is set at build time (make build): -ldflags "-X github.com/vapgen/vapgen/internal/app.Version=v1.2.3".
var Version = ""

func versionCommand() *cli.Command {
	return withUsageErrors(&cli.Command{
		Name:   "version",
		Usage:  "print the version of vapgen and the Kubernetes line it decides like",
		Before: noArgs,
		Action: func(c *cli.Context) error {
			fmt.Fprintf(c.App.Writer, "vapgen %s\n", version())
			fmt.Fprintf(c.App.Writer, "decides like kube-apiserver %s (k8s.io/apiserver %s)\n", celcheck.KubernetesRelease, celcheck.StagingRelease)
			fmt.Fprintf(c.App.Writer, "generates for kube-apiserver %d.%d to %d.%d (--kubernetes-version)\n",
				celcheck.OldestSupported.Major(), celcheck.OldestSupported.Minor(), celcheck.Newest.Major(), celcheck.Newest.Minor())
			return nil
		},
	})
}

// version is the -X Version, else the module version, else the VCS
// revision Go recorded (not with -buildvcs=false), else "devel".
func version() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(Version, info)
}

func versionOf(linked string, info *debug.BuildInfo) string {
	if linked != "" {
		return linked
	}
	if info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-dirty"
			}
		}
	}
	if revision != "" {
		return revision + modified
	}
	return "devel"
}
