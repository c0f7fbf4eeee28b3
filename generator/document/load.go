package document

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/vapgen/vapgen/generator/diag"
)

// skippedDirs are folders that hold tests of policies and their fixtures, not
// policies.
var skippedDirs = map[string]bool{".chainsaw-test": true, ".kyverno-test": true, "testdata": true}

// LoadPaths reads every YAML file under the given files and directories.
// Problems (unreadable files, invalid YAML) are returned as diagnostics; the
// documents of the other files are still returned.
func LoadPaths(paths []string) ([]*Document, diag.List) {
	var docs []*Document
	var problems diag.List
	for _, root := range paths {
		files, err := yamlFiles(root)
		if err != nil {
			problems.Errorf(diag.Position{File: root}, "", "%v", unwrapPathError(err))
			continue
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				problems.Errorf(diag.Position{File: file}, "", "%v", unwrapPathError(err))
				continue
			}
			fileDocs, err := Parse(displayPath(file), data)
			if err != nil {
				var d diag.Diagnostic
				if errors.As(err, &d) {
					problems = append(problems, d)
				} else {
					problems.Errorf(diag.Position{File: displayPath(file)}, "", "%v", err)
				}
			}
			docs = append(docs, fileDocs...)
		}
	}
	return docs, problems
}

// Parse splits data into documents. Empty documents are dropped. On invalid
// YAML it returns the documents before the bad one and a diag.Diagnostic.
func Parse(file string, data []byte) ([]*Document, error) {
	lines := strings.Split(string(data), "\n")
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*Document
	for index := 0; ; index++ {
		var root yaml.Node
		err := dec.Decode(&root)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, yamlDiagnostic(file, lines, err)
		}
		if len(root.Content) == 0 {
			continue
		}
		doc := &Document{File: file, Index: index, root: root.Content[0], lines: lines}
		if doc.root.Kind == yaml.MappingNode {
			doc.APIVersion = scalar(child(doc.root, "apiVersion"))
			doc.Kind = scalar(child(doc.root, "kind"))
			doc.Name = scalar(child(child(doc.root, "metadata"), "name"))
		}
		docs = append(docs, doc)
	}
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func yamlFiles(root string) ([]string, error) {
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
		if d.IsDir() {
			if path != root && skippedDirs[d.Name()] {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

// displayPath is the path as shown in messages and annotations: relative to
// the working directory when it is below it, always with forward slashes.
func displayPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && !strings.HasPrefix(rel, "..") {
				path = rel
			}
		}
	}
	return filepath.ToSlash(path)
}

// unwrapPathError drops the path from an error that the diagnostic's
// position names already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
