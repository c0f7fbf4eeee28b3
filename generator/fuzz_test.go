package generator

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vapgen/vapgen/generator/document"
)

// FuzzConvert feeds arbitrary YAML through the loader, the converters, the
// naming and the pod-template rewriting: they may report problems but must
// never panic. CEL checking, which is the API server's own code and costs
// milliseconds a policy, is left out so that the fuzzer explores the input.
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
		for _, u := range g.units {
			g.name(u)
		}
		g.rejectDuplicates()
		for _, u := range g.units {
			if isPodRule(u.Policy) {
				base := u.Policy.DeepCopy()
				extendPodPolicy(u)
				for _, t := range podTargets {
					_, _ = templatePolicy(base, u.Name, t)
				}
			}
		}
		for _, d := range g.diags {
			_ = d.String()
		}
	})
}
