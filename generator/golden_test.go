package generator_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/generator"
	"github.com/vapgen/vapgen/generator/output"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// caseOptions is a test case's options.yaml.
type caseOptions struct {
	LabelPrefix          string               `json:"labelPrefix"`
	ValidationActions    string               `json:"validationActions"`
	SkipUnsupported      bool                 `json:"skipUnsupported"`
	DefaultPolicyProfile string               `json:"defaultPolicyProfile"`
	DefaultProfile       string               `json:"defaultProfile"`
	Controllers          string               `json:"controllers"`
	RuleControllers      map[string]string    `json:"ruleControllers"`
	Exemptions           generator.Exemptions `json:"exemptions"`
	// LabelGuard is off in the golden cases unless set.
	LabelGuard *generator.LabelGuard `json:"labelGuard"`
	Overlays   bool                  `json:"overlays"`
	Layout     string                `json:"layout"`
	// KubernetesVersion is the oldest target API server.
	KubernetesVersion string `json:"kubernetesVersion"`
}

func loadOptions(t *testing.T, dir string) generator.Options {
	t.Helper()
	opts := generator.Options{Policies: []string{filepath.Join(dir, "input")}, LabelGuard: generator.LabelGuard{Disabled: true}}
	data, err := os.ReadFile(filepath.Join(dir, "options.yaml"))
	if os.IsNotExist(err) {
		return opts
	}
	if err != nil {
		t.Fatal(err)
	}
	var co caseOptions
	if err := yaml.UnmarshalStrict(data, &co); err != nil {
		t.Fatalf("%s/options.yaml: %v", dir, err)
	}
	opts.LabelPrefix = co.LabelPrefix
	opts.Actions = generator.ActionSource(co.ValidationActions)
	opts.SkipUnsupported = co.SkipUnsupported
	opts.DefaultPolicyProfile = generator.Profile(co.DefaultPolicyProfile)
	opts.DefaultProfile = generator.Profile(co.DefaultProfile)
	opts.Controllers = generator.ControllerMode(co.Controllers)
	for k, v := range co.RuleControllers {
		if opts.RuleControllers == nil {
			opts.RuleControllers = map[string]generator.ControllerMode{}
		}
		opts.RuleControllers[k] = generator.ControllerMode(v)
	}
	opts.Exemptions = co.Exemptions
	opts.Layout = generator.Layout(co.Layout)
	opts.KubernetesVersion = co.KubernetesVersion
	if co.LabelGuard != nil {
		opts.LabelGuard = *co.LabelGuard
	}
	if co.Overlays {
		opts.Overlays = []string{filepath.Join(dir, "overlays")}
	}
	return opts
}

// compareGolden compares got with the file, or rewrites it with -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./generator -update)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (run go test ./generator -update and review the diff)\n--- got:\n%s", path, got)
	}
}

// TestGolden generates every case under testdata/golden and compares the
// stream and the warnings with want.yaml and want.txt.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			result, problems := generator.Generate(loadOptions(t, dir))
			if result == nil {
				t.Fatalf("generation failed:\n%s", problems.Error())
			}
			stream, err := output.Stream(result.Units)
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join(dir, "want.yaml"), stream)
			compareGolden(t, filepath.Join(dir, "want.txt"), []byte(warningsText(result)))
		})
	}
}

func warningsText(r *generator.Result) string {
	if len(r.Warnings) == 0 {
		return ""
	}
	return r.Warnings.Error() + "\n"
}
