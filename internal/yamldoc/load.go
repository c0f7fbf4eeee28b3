// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package yamldoc

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vapgen/vapgen/internal/diag"
)

// Stdin is the path Load reads standard input for.
const Stdin = "-"

// Walk says which files of a directory Load reads.
type Walk struct {
	// Extensions are the file name extensions read, e.g. ".yaml".
	Extensions []string
	// SkipDirs are folder names not entered; SkipHidden skips folders whose
	// name starts with a dot. A path given to Load is always read.
	SkipDirs   map[string]bool
	SkipHidden bool
	// SkipDir, when set, is asked about every folder below a given path; a
	// folder it returns true for is not entered.
	SkipDir func(dir string) bool
	// SkipFiles are file names not read.
	SkipFiles map[string]bool
	// Root shows paths relative to it in messages when it holds them (the
	// working directory when empty).
	Root string
}

// Load reads every file of the given files and directories (Stdin reads
// in), directories recursively in lexical order. Problems (unreadable
// files, invalid YAML) are diagnostics; the documents of the other files and
// the valid documents of the same file are still returned.
func (w Walk) Load(in io.Reader, paths ...string) ([]*Document, diag.List) {
	var docs []*Document
	var problems diag.List
	for _, root := range paths {
		files, err := w.files(root)
		if err != nil {
			problems.Errorf(diag.Position{File: root}, "", "%v", unwrapPathError(err))
			continue
		}
		for _, file := range files {
			data, err := readFile(in, file)
			if err != nil {
				problems.Errorf(diag.Position{File: w.display(file)}, "", "%v", unwrapPathError(err))
				continue
			}
			fileDocs, bad := Parse(w.display(file), data)
			if len(fileDocs) > 0 {
				fileDocs[0].File.Source = source(root, file)
			}
			docs = append(docs, fileDocs...)
			problems = append(problems, bad...)
		}
	}
	return docs, problems
}

func readFile(in io.Reader, file string) ([]byte, error) {
	if file == Stdin {
		if in == nil {
			in = os.Stdin
		}
		return io.ReadAll(in)
	}
	return os.ReadFile(file)
}

// files lists the files of a path that are read.
func (w Walk) files(root string) ([]string, error) {
	if root == Stdin {
		return []string{Stdin}, nil
	}
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	var files []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (w.SkipDirs[name] || (w.SkipHidden && strings.HasPrefix(name, ".")) || (w.SkipDir != nil && w.SkipDir(path))) {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(name))
		for _, want := range w.Extensions {
			if ext == want && !w.SkipFiles[name] {
				files = append(files, path)
				break
			}
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// display is a path as messages show it: relative to Root (or the working
// directory) when below it, with forward slashes; standard input as "-".
func (w Walk) display(path string) string {
	if path == Stdin {
		return "<stdin>"
	}
	base := w.Root
	if base == "" {
		base, _ = os.Getwd()
	}
	if abs, err := filepath.Abs(path); err == nil && base != "" {
		if absBase, err := filepath.Abs(base); err == nil {
			if rel, err := filepath.Rel(absBase, abs); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	return filepath.ToSlash(path)
}

// source is File.Source of a file found under root (a folder or the file
// itself).
func source(root, file string) string {
	if root == Stdin {
		return "<stdin>"
	}
	absRoot, err1 := filepath.Abs(root)
	absFile, err2 := filepath.Abs(file)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(file)
	}
	from := filepath.Dir(absRoot)
	if absRoot == absFile {
		from = filepath.Dir(from)
	}
	rel, err := filepath.Rel(from, absFile)
	if err != nil {
		return filepath.ToSlash(file)
	}
	return filepath.ToSlash(rel)
}

// unwrapPathError drops the path from an error whose diagnostic names it.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
