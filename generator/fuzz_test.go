package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vapgen/vapgen/generator/document"
)

// FuzzConvert feeds arbitrary YAML through the loader and the converters: they
// may report problems but must never panic.
func FuzzConvert(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*/input/*.yaml")
	nested, _ := filepath.Glob("testdata/*/*/input/*/*.yaml")
	for _, s := range append(seeds, nested...) {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := document.Parse("fuzz.yaml", data)
		g := &generation{opts: (&Options{DefaultPolicyProfile: Baseline}).withDefaults(), checker: sharedChecker}
		if err != nil && len(docs) == 0 {
			return
		}
		for _, doc := range docs {
			g.convert(doc)
		}
		g.finish(nil)
		for _, d := range g.diags {
			_ = d.String()
		}
	})
}
