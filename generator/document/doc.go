// Package document reads YAML files into documents that remember where every
// value came from, so that problems can be reported at file:line:col.
//
// Directories are walked recursively in lexical order; only *.yaml and *.yml
// files are read, and folders named .chainsaw-test, .kyverno-test and testdata are
// skipped. A file may hold several documents.
package document
