package config

import (
	"errors"
	"fmt"
	"os"

	sigsjson "sigs.k8s.io/json"
	sigsyaml "sigs.k8s.io/yaml"
)

// DefaultFile is read when no --config is given and it exists.
const DefaultFile = "vapgen.yaml"

const (
	APIVersion = "vapgen.io/v1alpha1"
	Kind       = "Config"
)

// Config is the content of vapgen.yaml. Unset fields keep the defaults;
// command-line flags win over the file.
type Config struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	// Policies are the files and directories holding Kyverno policies.
	Policies []string `json:"policies,omitempty"`
	// Overlays is the directory holding overlays.
	Overlays string `json:"overlays,omitempty"`
	// Out is the directory to write, or "-" for standard output.
	Out string `json:"out,omitempty"`
	// LabelPrefix is the prefix of the namespace labels.
	LabelPrefix string `json:"labelPrefix,omitempty"`
	// DefaultProfile is the profile of policies that name none.
	DefaultProfile string `json:"defaultProfile,omitempty"`
	// ValidationActions is "profile" (bindings deny) or "policy" (bindings
	// take the policy's own failure action).
	ValidationActions string `json:"validationActions,omitempty"`
	// SkipUnsupported skips rules that cannot become a ValidatingAdmissionPolicy.
	SkipUnsupported bool `json:"skipUnsupported,omitempty"`
}

// Load reads a config file strictly: unknown fields are errors. A missing
// file is an error only when required is set.
func Load(path string, required bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !required {
		return &Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	jsonData, err := sigsyaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var c Config
	strict, err := sigsjson.UnmarshalStrict(jsonData, &c, sigsjson.DisallowUnknownFields)
	if err == nil && len(strict) > 0 {
		err = errors.Join(strict...)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if c.APIVersion != APIVersion || c.Kind != Kind {
		return nil, fmt.Errorf("%s: want apiVersion %s and kind %s, got %q and %q", path, APIVersion, Kind, c.APIVersion, c.Kind)
	}
	return &c, nil
}
