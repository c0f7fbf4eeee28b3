// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package generator_test

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
)

// TestOutputIndependentOfInputOrder generates the golden inputs from copies
// whose files are named in a shuffled order and whose documents are shuffled
// inside each file, and expects the same bytes every time.
func TestOutputIndependentOfInputOrder(t *testing.T) {
	var files []string
	for _, c := range []string{"clusterpolicy-rules", "cel-features", "match-exclude", "validatingpolicy", "namespaced-policy", "long-names"} {
		matches, err := filepath.Glob(filepath.Join("testdata/golden", c, "input", "*", "*.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		top, _ := filepath.Glob(filepath.Join("testdata/golden", c, "input", "*.yaml"))
		files = append(files, append(matches, top...)...)
	}
	var want []byte
	for seed := int64(0); seed < 5; seed++ {
		rng := rand.New(rand.NewSource(seed))
		// A folder of the same name every time: output names a file given
		// by itself with its folder.
		dir := filepath.Join(t.TempDir(), "in")
		var paths []string
		for i, src := range files {
			data, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			docs := strings.Split(string(data), "\n---\n")
			rng.Shuffle(len(docs), func(a, b int) { docs[a], docs[b] = docs[b], docs[a] })
			sub := filepath.Join(dir, profileDirOf(src))
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(sub, filepath.Base(src)+string(rune('a'+i)))
			if err := os.WriteFile(p+".yaml", []byte(strings.Join(docs, "\n---\n")), 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p+".yaml")
		}
		rng.Shuffle(len(paths), func(a, b int) { paths[a], paths[b] = paths[b], paths[a] })
		result, problems := generator.Generate(generator.Options{Policies: paths})
		if result == nil {
			t.Fatalf("seed %d: %s", seed, problems.Error())
		}
		got, err := output.Stream(result)
		if err != nil {
			t.Fatal(err)
		}
		got = bytes.ReplaceAll(got, []byte(filepath.ToSlash(dir)), []byte("DIR"))
		if want == nil {
			want = got
			continue
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("seed %d: output differs from seed 0", seed)
		}
	}
}

// profileDirOf keeps the profile folder a golden input sits in, if any.
func profileDirOf(path string) string {
	parent := filepath.Base(filepath.Dir(path))
	if parent == "baseline" || parent == "restricted" {
		return parent
	}
	return "."
}
