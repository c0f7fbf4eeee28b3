package app

import (
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// Version is set at build time with -ldflags "-X github.com/vapgen/vapgen/internal/app.Version=v1.2.3".
var Version = ""

func versionCommand() *cli.Command {
	return withUsageErrors(&cli.Command{
		Name:   "version",
		Usage:  "print the version of vapgen and of the Kubernetes libraries it checks policies with",
		Before: noArgs,
		Action: func(c *cli.Context) error {
			fmt.Fprintf(c.App.Writer, "vapgen %s (k8s.io/apiserver %s)\n", version(), moduleVersion("k8s.io/apiserver"))
			return nil
		},
	})
}

func version() string {
	if Version != "" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

func moduleVersion(path string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, d := range info.Deps {
		if d.Path == path {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return "unknown"
}
