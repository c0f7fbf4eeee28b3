package generator

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// DefaultLabelPrefix is the prefix of the namespace labels bindings select on.
const DefaultLabelPrefix = "pod-security.vapgen.io"

// ActionSource says where the bindings' validation actions come from.
type ActionSource string

const (
	// ActionsFromProfile (the default): the profile label means enforce, so
	// every binding denies, whatever the policy's own failure action says.
	ActionsFromProfile ActionSource = "profile"
	// ActionsFromPolicy: Kyverno's Enforce becomes Deny and Audit becomes
	// Audit+Warn; a ValidatingPolicy's validationActions are kept.
	ActionsFromPolicy ActionSource = "policy"
)

// Options configure a generation.
type Options struct {
	// Policies are the files and directories to read.
	Policies []string
	// LabelPrefix is the prefix of the profile and opt-out labels.
	LabelPrefix string
	// DefaultProfile is the profile of policies that name none; empty makes
	// such a policy an error.
	DefaultProfile Profile
	Actions        ActionSource
	// SkipUnsupported turns rules that cannot become a ValidatingAdmissionPolicy
	// into warnings instead of errors, and leaves them out.
	SkipUnsupported bool
}

func (o *Options) withDefaults() Options {
	out := *o
	if out.LabelPrefix == "" {
		out.LabelPrefix = DefaultLabelPrefix
	}
	if out.Actions == "" {
		out.Actions = ActionsFromProfile
	}
	return out
}

// Validate checks options that do not depend on the input.
func (o *Options) Validate() error {
	opts := o.withDefaults()
	if errs := validation.IsDNS1123Subdomain(opts.LabelPrefix); len(errs) > 0 {
		return fmt.Errorf("label prefix %q: %s", opts.LabelPrefix, strings.Join(errs, "; "))
	}
	if opts.DefaultProfile != "" {
		if _, ok := ParseProfile(string(opts.DefaultProfile)); !ok {
			return fmt.Errorf("default profile %q: want baseline or restricted", opts.DefaultProfile)
		}
	}
	if opts.Actions != ActionsFromProfile && opts.Actions != ActionsFromPolicy {
		return fmt.Errorf("validation actions %q: want profile or policy", opts.Actions)
	}
	return nil
}
