// Package config reads vapgen.yaml, the file that holds the settings of
// `vapgen generate` so that a repository can keep them next to its policies.
package config
