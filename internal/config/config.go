package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	sigsjson "sigs.k8s.io/json"

	"github.com/vapgen/vapgen/generator"
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
	// DefaultPolicyProfile is the profile of policies that name none.
	DefaultPolicyProfile string `json:"defaultPolicyProfile,omitempty"`
	// DefaultProfile is enforced in namespaces without a profile label.
	DefaultProfile string `json:"defaultProfile,omitempty"`
	// Controllers is deny, warn or off: what pod rules do to workloads whose
	// pod template breaks them. Rules overrides it per rule.
	Controllers string `json:"controllers,omitempty"`
	// Rules holds per-rule settings, by generated policy name.
	Rules map[string]RuleConfig `json:"rules,omitempty"`
	// Exemptions are never judged, as in Pod Security Admission.
	Exemptions generator.Exemptions `json:"exemptions,omitempty"`
	// LabelGuard says who may change the namespace labels.
	LabelGuard generator.LabelGuard `json:"labelGuard,omitempty"`
	// ValidationActions is "profile" (bindings deny) or "policy" (bindings
	// take the policy's own failure action).
	ValidationActions string `json:"validationActions,omitempty"`
	// Layout is per-rule (one policy per rule) or per-profile (one policy per
	// profile, opt-out labels read by CEL).
	Layout string `json:"layout,omitempty"`
	// SkipUnsupported skips rules that cannot become a ValidatingAdmissionPolicy.
	SkipUnsupported bool `json:"skipUnsupported,omitempty"`
	// KubernetesVersion is the oldest kube-apiserver (minor version) the
	// output must work on.
	KubernetesVersion MinorVersion `json:"kubernetesVersion,omitempty"`
}

// MinorVersion is a Kubernetes minor version such as "1.30". Unquoted, YAML
// reads 1.30 as the number 1.3, so a number is refused with a hint.
type MinorVersion string

func (v *MinorVersion) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("want a quoted minor version such as \"1.30\" (unquoted, YAML reads 1.30 as the number 1.3), got %s", data)
	}
	*v = MinorVersion(s)
	return nil
}

// RuleConfig are the settings of one rule.
type RuleConfig struct {
	Controllers string `json:"controllers,omitempty"`
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

// Options are the generator options the file sets; flags may override them.
// Policies and Overlays keep the file's values, empty when it sets none.
func (c *Config) Options() generator.Options {
	opts := generator.Options{
		Policies:             c.Policies,
		LabelPrefix:          c.LabelPrefix,
		DefaultPolicyProfile: generator.Profile(c.DefaultPolicyProfile),
		DefaultProfile:       generator.Profile(c.DefaultProfile),
		Actions:              generator.ActionSource(c.ValidationActions),
		Controllers:          generator.ControllerMode(c.Controllers),
		Exemptions:           c.Exemptions,
		LabelGuard:           c.LabelGuard,
		SkipUnsupported:      c.SkipUnsupported,
		Layout:               generator.Layout(c.Layout),
		KubernetesVersion:    string(c.KubernetesVersion),
	}
	if c.Overlays != "" {
		opts.Overlays = []string{c.Overlays}
	}
	for name, rule := range c.Rules {
		if rule.Controllers != "" {
			if opts.RuleControllers == nil {
				opts.RuleControllers = map[string]generator.ControllerMode{}
			}
			opts.RuleControllers[name] = generator.ControllerMode(rule.Controllers)
		}
	}
	return opts
}
