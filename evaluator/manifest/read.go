// Package manifest reads Kubernetes manifests (YAML or JSON, many documents
// per file, Lists expanded) from files, directories and standard input, and
// pairs the objects with the namespace they would be created in. Every
// document remembers its file, index and line for error messages.
package manifest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Stdin is the path that Read takes as standard input.
const Stdin = "-"

// kustomizationFiles are kustomize's own files, not manifests.
var kustomizationFiles = map[string]bool{"kustomization.yaml": true, "kustomization.yml": true}

// Read parses every manifest in the given files and directories ("-" reads
// standard input). Directories are walked recursively in lexical order;
// only *.yaml, *.yml and *.json files are read, hidden directories and
// kustomization files are skipped. All errors are returned, joined; the
// documents that could be read are returned with them.
func Read(paths ...string) ([]Document, error) {
	return ReadFrom(os.Stdin, paths...)
}

// ReadFrom is Read with "-" reading stdin.
func ReadFrom(stdin io.Reader, paths ...string) ([]Document, error) {
	var docs []Document
	var errs []error
	for _, path := range paths {
		files, err := expand(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, file := range files {
			data, err := readFile(stdin, file)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			fileDocs, err := Parse(file, data)
			docs = append(docs, fileDocs...)
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return docs, errors.Join(errs...)
}

func readFile(stdin io.Reader, file string) ([]byte, error) {
	if file == Stdin {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		return data, nil
	}
	return os.ReadFile(file)
}

// expand lists the manifest files of a path.
func expand(path string) ([]string, error) {
	if path == Stdin {
		return []string{Stdin}, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != path && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".yaml", ".yml", ".json":
			if !kustomizationFiles[name] {
				files = append(files, p)
			}
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
