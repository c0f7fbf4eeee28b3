// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package psstest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/pod-security-admission/api"
	"sigs.k8s.io/yaml"
)

// PSAModuleDir returns the directory of the k8s.io/pod-security-admission
// module this build uses.
func PSAModuleDir() (string, error) {
	cmd := exec.Command("go", "list", "-m", "-json", "k8s.io/pod-security-admission")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go list -m k8s.io/pod-security-admission: %v: %s", err, stderr.String())
	}
	var m struct {
		Dir     string
		Replace *struct{ Dir string }
	}
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		return "", err
	}
	if m.Replace != nil && m.Replace.Dir != "" {
		return m.Replace.Dir, nil
	}
	if m.Dir == "" {
		return "", fmt.Errorf("k8s.io/pod-security-admission is not in the module cache (run go mod download)")
	}
	return m.Dir, nil
}

// PSAFixtureDir is where PSA ships its fixture pods for a level at a
// version, with subdirectories pass and fail.
func PSAFixtureDir(level api.Level, version api.Version) (string, error) {
	mod, err := PSAModuleDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(mod, "test", "testdata", string(level), version.String()), nil
}

// PolicyDir is one policy's folder under policies/<profile>/.
type PolicyDir struct {
	Profile string // baseline or restricted
	Name    string // the policy's name, which is also the folder's
	Dir     string
}

// PolicyDirs lists the policy folders under root (policies/).
func PolicyDirs(root string) ([]PolicyDir, error) {
	var out []PolicyDir
	for _, profile := range []string{"baseline", "restricted"} {
		entries, err := os.ReadDir(filepath.Join(root, profile))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.IsDir() {
				out = append(out, PolicyDir{Profile: profile, Name: e.Name(), Dir: filepath.Join(root, profile, e.Name())})
			}
		}
	}
	return out, nil
}

// PodYAML renders a pod for a failure message, without empty fields.
func PodYAML(pod *corev1.Pod) string {
	b, err := yaml.Marshal(toMap(pod))
	if err != nil {
		return fmt.Sprintf("%#v", pod)
	}
	return string(b)
}
