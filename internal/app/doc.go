// Package app is the vapgen command line: a thin layer of urfave/cli commands
// over the generator library. Run returns the process exit code.
package app
