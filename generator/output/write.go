// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteTree replaces dir with a tree holding exactly files. The new tree is
// written beside dir first, then swapped in by renames, so a failure leaves
// the old tree as it was and files that are no longer generated disappear. A
// dir that exists must hold only files vapgen wrote (each starts with
// Header), so that a wrong --out cannot wipe anything else.
func WriteTree(dir string, files []File) error {
	dir = filepath.Clean(dir)
	if err := checkOwned(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Content, 0o644); err != nil {
			return err
		}
	}
	return swap(tmp, dir)
}

// swap puts the directory tmp in place of dir.
func swap(tmp, dir string) error {
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, dir)
	}
	old, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".old-")
	if err != nil {
		return err
	}
	if err := os.Remove(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w (and restoring %s from %s failed: %v)", err, dir, old, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
}

// checkOwned accepts a missing or empty dir, or one whose every file starts
// with Header.
func checkOwned(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || !bytes.HasPrefix(data, []byte(Header)) {
			return fmt.Errorf("%s holds %s, which vapgen did not write; refusing to replace the directory", dir, p)
		}
		return nil
	})
}
