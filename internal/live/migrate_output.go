// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

// MigrationFormats are the outputs of WriteMigration.
var MigrationFormats = []string{"text", "kubectl", "patch", "config", "json"}

// WriteMigration writes a migration: text (everything, commented), kubectl
// (the label lines), patch (a kustomize patch of the Namespaces), config
// (the vapgen.yaml settings) or json. c, when set, is the comparison of the
// running objects with PSA (--check-workloads).
func WriteMigration(w io.Writer, format string, m *Migration, c *PSAComparison) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case "kubectl":
		writeKubectl(bw, m)
	case "patch":
		err = writePatch(bw, m)
	case "config":
		err = writeConfig(bw, m)
	case "json":
		err = writeMigrationJSON(bw, m, c)
	case "text":
		err = writeMigrationText(bw, m, c)
	default:
		return fmt.Errorf("unknown output format %q (want one of %v)", format, MigrationFormats)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func writeKubectl(w io.Writer, m *Migration) {
	for _, n := range m.Namespaces {
		if line := n.KubectlLine(); line != "" {
			fmt.Fprintln(w, line)
		}
	}
}

// writePatch writes one strategic-merge patch per namespace that gets
// labels: kustomize's patches: [{path: ...}] applies it to the Namespaces
// of a kustomization.
func writePatch(w io.Writer, m *Migration) error {
	first := true
	for _, n := range m.Namespaces {
		if len(n.Labels) == 0 {
			continue
		}
		doc := map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": n.Name, "labels": n.Labels}}
		data, err := yaml.Marshal(doc)
		if err != nil {
			return err
		}
		if !first {
			fmt.Fprintln(w, "---")
		}
		first = false
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	return nil
}

func writeConfig(w io.Writer, m *Migration) error {
	data, err := yaml.Marshal(map[string]any{"defaultProfile": m.DefaultProfile, "exemptions": m.Exemptions})
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func writeMigrationText(w io.Writer, m *Migration, c *PSAComparison) error {
	source := "PSA's built-in defaults"
	if m.PSA.Source != "" {
		source = m.PSA.Source
	}
	fmt.Fprintf(w, "# vapgen migrate --from-psa: %s; PSA configuration: %s (defaults %s)\n", plural(len(m.Namespaces), "namespace"), source, PolicyString(m.PSA.Defaults))
	fmt.Fprintf(w, "# vapgen's policies implement the Pod Security Standards at %s", m.PSSVersion)
	if m.ServerVersion != "" {
		fmt.Fprintf(w, "; the API server is %s (PSA's \"latest\")", m.ServerVersion)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\n# 1. Label the namespaces (the PSA labels stay until step 4):\n")
	writeKubectl(w, m)
	fmt.Fprintf(w, "\n# 2. The same labels as a kustomize patch of your Namespaces (patches: [{path: <this file>}]):\n")
	if err := writePatch(w, m); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n# 3. vapgen.yaml, then vapgen generate:\n")
	if err := writeConfig(w, m); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n# 4. Once vapgen enforces (vapgen audit shows nothing denied), remove the PSA labels:\n")
	for _, n := range m.Namespaces {
		if line := n.removePSALine(); line != "" {
			fmt.Fprintln(w, line)
		}
	}
	writeNotes(w, m)
	if c != nil {
		writeComparison(w, c)
	}
	return nil
}

func writeNotes(w io.Writer, m *Migration) {
	var notes []string
	notes = append(notes, m.Notes...)
	for _, n := range m.Namespaces {
		for _, note := range n.Notes {
			notes = append(notes, n.Name+": "+note)
		}
	}
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n# Notes:\n")
	for _, note := range notes {
		fmt.Fprintf(w, "# %s\n", note)
	}
}

// writeComparison writes where vapgen would judge running objects
// differently from PSA.
func writeComparison(w io.Writer, c *PSAComparison) {
	diffs := c.Sorted()
	fmt.Fprintf(w, "\n# Running objects judged by vapgen (with the labels above) and by PSA (enforce):\n")
	if len(diffs) == 0 {
		fmt.Fprintf(w, "# no difference: vapgen judges the %s exactly as PSA does\n", plural(c.Compared, "object"))
		return
	}
	namespaces := map[string]bool{}
	for _, d := range diffs {
		namespaces[d.Namespace] = true
		verdict := "PSA (" + d.PSA + ") allows it, vapgen denies it: " + d.Message
		if !d.PSAAllowed {
			verdict = "PSA (" + d.PSA + ") denies it (" + strings.Join(d.Reasons, "; ") + "), vapgen allows it"
		}
		why := "PSA judges with another version than vapgen's policies"
		switch {
		case len(d.OptedOut) > 0:
			why = "the namespace opts out already: " + strings.Join(d.OptedOut, ", ")
		case d.SameVersion:
			why = "at the same version: a difference in vapgen's policies, please report it"
		}
		fmt.Fprintf(w, "# %s: %s: %s (%s)\n", d.Namespace, d.Object, verdict, why)
	}
	fmt.Fprintf(w, "# %d of %s judged differently, in %s\n", len(diffs), plural(c.Compared, "object"), plural(len(namespaces), "namespace"))
}

// removePSALine is the kubectl command that removes a namespace's PSA
// labels; "" when it has none.
func (n *NamespaceMigration) removePSALine() string {
	if len(n.psaLabels) == 0 {
		return ""
	}
	keys := append([]string{}, n.psaLabels...)
	sort.Strings(keys)
	for i, k := range keys {
		keys[i] = k + "-"
	}
	return "kubectl label namespace " + n.Name + " " + strings.Join(keys, " ")
}

type jsonMigration struct {
	APIVersion     string          `json:"apiVersion"`
	Kind           string          `json:"kind"`
	LabelPrefix    string          `json:"labelPrefix"`
	PSSVersion     string          `json:"pssVersion"`
	ServerVersion  string          `json:"serverVersion,omitempty"`
	PSASource      string          `json:"psaSource,omitempty"`
	PSADefaults    string          `json:"psaDefaults"`
	Namespaces     []jsonMigrated  `json:"namespaces"`
	DefaultProfile string          `json:"defaultProfile"`
	Exemptions     Exemptions      `json:"exemptions"`
	Notes          []string        `json:"notes,omitempty"`
	Comparison     *jsonComparison `json:"comparison,omitempty"`
}

type jsonMigrated struct {
	Name    string            `json:"name"`
	PSA     string            `json:"psa"`
	Exempt  bool              `json:"exempt,omitempty"`
	Labels  map[string]string `json:"labels"`
	Kubectl string            `json:"kubectl,omitempty"`
	Notes   []string          `json:"notes,omitempty"`
}

type jsonComparison struct {
	Compared    int          `json:"compared"`
	Differences []Difference `json:"differences"`
}

func writeMigrationJSON(w io.Writer, m *Migration, c *PSAComparison) error {
	out := jsonMigration{APIVersion: "vapgen.io/v1alpha1", Kind: "Migration", LabelPrefix: m.Prefix, PSSVersion: m.PSSVersion, ServerVersion: m.ServerVersion,
		PSASource: m.PSA.Source, PSADefaults: PolicyString(m.PSA.Defaults), Namespaces: []jsonMigrated{}, DefaultProfile: m.DefaultProfile, Exemptions: m.Exemptions, Notes: m.Notes}
	for _, n := range m.Namespaces {
		out.Namespaces = append(out.Namespaces, jsonMigrated{Name: n.Name, PSA: PolicyString(n.PSA), Exempt: n.Exempt, Labels: n.Labels, Kubectl: n.KubectlLine(), Notes: n.Notes})
	}
	if c != nil {
		out.Comparison = &jsonComparison{Compared: c.Compared, Differences: c.Sorted()}
		if out.Comparison.Differences == nil {
			out.Comparison.Differences = []Difference{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
