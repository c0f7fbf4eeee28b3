// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package policies_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"k8s.io/pod-security-admission/api"
	"sigs.k8s.io/yaml"

	"github.com/vapgen/vapgen/generator/kyverno"
	"github.com/vapgen/vapgen/generator/naming"
	"github.com/vapgen/vapgen/internal/psstest"
)

// controlOrder is the order of the Pod Security Standards document.
var controlOrder = []string{
	"windowsHostProcess", "hostNamespaces", "privileged", "capabilities_baseline", "hostPathVolumes",
	"hostPorts", "hostProbesAndHostLifecycle", "appArmorProfile", "seLinuxOptions", "procMount",
	"seccompProfile_baseline", "sysctls",
	"restrictedVolumes", "allowPrivilegeEscalation", "runAsNonRoot", "runAsUser", "seccompProfile_restricted",
	"capabilities_restricted", "procMount_restricted",
}

// controls names the Pod Security Standards control of each PSA check.
var controls = map[string]string{
	"windowsHostProcess":         "HostProcess",
	"hostNamespaces":             "Host Namespaces",
	"privileged":                 "Privileged Containers",
	"capabilities_baseline":      "Capabilities",
	"hostPathVolumes":            "HostPath Volumes",
	"hostPorts":                  "Host Ports",
	"appArmorProfile":            "AppArmor",
	"seLinuxOptions":             "SELinux",
	"procMount":                  "/proc Mount Type",
	"seccompProfile_baseline":    "Seccomp",
	"sysctls":                    "Sysctls",
	"hostProbesAndHostLifecycle": "Host Probes / Lifecycle Hooks",
	"restrictedVolumes":          "Volume Types",
	"allowPrivilegeEscalation":   "Privilege Escalation",
	"runAsNonRoot":               "Running as Non-root",
	"runAsUser":                  "Running as Non-root user",
	"seccompProfile_restricted":  "Seccomp",
	"capabilities_restricted":    "Capabilities",
	"procMount_restricted":       "/proc Mount Type",
}

type policyFile struct {
	dir    psstest.PolicyDir
	policy kyverno.ClusterPolicy
}

func readPolicies(t *testing.T) []policyFile {
	t.Helper()
	dirs, err := psstest.PolicyDirs(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []policyFile
	for _, d := range dirs {
		file := filepath.Join(d.Dir, d.Name+".yaml")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: want one policy file named after its folder: %v", d.Dir, err)
			continue
		}
		var p kyverno.ClusterPolicy
		if err := yaml.UnmarshalStrict(b, &p); err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		out = append(out, policyFile{dir: d, policy: p})
	}
	return out
}

// TestPolicyLayout checks the conventions of policies/: one ClusterPolicy per
// control in policies/<profile>/<name>/<name>.yaml, the metadata every policy
// carries, rules that match Pods on CREATE and UPDATE with a static message
// and a messageExpression for every validation, VAP names within 63
// characters, and that the policies implement each PSA check exactly once,
// at the right level, and declare the versions at which PSA's check
// changes (vapgen.io/pss-changes) or starts (vapgen.io/pss-since).
func TestPolicyLayout(t *testing.T) {
	s := getSuite(t)
	implemented := map[string][]string{}
	for _, pf := range readPolicies(t) {
		p, d := pf.policy, pf.dir
		where := filepath.Join(d.Dir, d.Name+".yaml")
		if p.APIVersion != "kyverno.io/v1" || p.Kind != "ClusterPolicy" || p.Name != d.Name {
			t.Errorf("%s: want kyverno.io/v1 ClusterPolicy %q, got %s %s %q", where, d.Name, p.APIVersion, p.Kind, p.Name)
		}
		a := p.Annotations
		wantCategory := map[string]string{"baseline": "Pod Security Standards (Baseline)", "restricted": "Pod Security Standards (Restricted)"}[d.Profile]
		for key, want := range map[string]string{
			"policies.kyverno.io/category": wantCategory,
			"policies.kyverno.io/subject":  "Pod",
			"vapgen.io/pss-version":        psstest.Latest.String(),
		} {
			if a[key] != want {
				t.Errorf("%s: annotation %s = %q, want %q", where, key, a[key], want)
			}
		}
		for _, key := range []string{"policies.kyverno.io/title", "policies.kyverno.io/severity", "policies.kyverno.io/description", "vapgen.io/psa-checks"} {
			if strings.TrimSpace(a[key]) == "" {
				t.Errorf("%s: annotation %s is missing", where, key)
			}
		}
		for _, id := range strings.Split(a["vapgen.io/psa-checks"], ",") {
			id = strings.TrimSpace(id)
			implemented[id] = append(implemented[id], p.Name)
			if !contains(s.oracle.CheckIDs(api.Level(d.Profile)), id) {
				t.Errorf("%s: %q is not a %s check of PSA at %s", where, id, d.Profile, psstest.Latest)
			}
		}
		if p.Spec.ValidationFailureAction != "Audit" || p.Spec.Background == nil || !*p.Spec.Background {
			t.Errorf("%s: want validationFailureAction Audit and background true", where)
		}
		for _, r := range p.Spec.Rules {
			vap := naming.Merge(p.Name, r.Name)
			if len(vap) > naming.MaxLength {
				t.Errorf("%s: rule %s: VAP name %s is longer than %d", where, r.Name, vap, naming.MaxLength)
			}
			if len(r.Match.Any) != 1 || r.Match.Any[0].Resources == nil ||
				strings.Join(r.Match.Any[0].Resources.Kinds, ",") != "Pod" ||
				strings.Join(r.Match.Any[0].Resources.Operations, ",") != "CREATE,UPDATE" {
				t.Errorf("%s: rule %s: want match.any[0].resources kinds [Pod], operations [CREATE, UPDATE]", where, r.Name)
			}
			if r.Validate == nil || r.Validate.CEL == nil || len(r.Validate.CEL.Expressions) == 0 {
				t.Errorf("%s: rule %s: no validate.cel.expressions", where, r.Name)
				continue
			}
			for i, e := range r.Validate.CEL.Expressions {
				if e.Message == "" || e.MessageExpression == "" || e.Reason == nil || *e.Reason != "Forbidden" {
					t.Errorf("%s: rule %s: expression %d needs message, messageExpression and reason Forbidden", where, r.Name, i)
				}
			}
			for _, v := range r.Validate.CEL.Variables {
				if strings.Contains(v.Expression, "object.kind") {
					t.Errorf("%s: rule %s: variable %s reads object.kind", where, r.Name, v.Name)
				}
			}
		}
	}
	for _, level := range levels {
		for _, id := range s.oracle.CheckIDs(level) {
			if n := len(implemented[id]); n != 1 {
				t.Errorf("PSA check %s (%s) is implemented by %d policies %v, want 1", id, level, n, implemented[id])
			}
		}
	}
	checkVersionAnnotations(t, readPolicies(t))
}

// checkVersionAnnotations: a policy declares exactly the versions in the
// supported range at which PSA's variant of its check changes (pss-changes)
// and, for a check PSA added in the range, the version it starts at
// (pss-since). TestPSAFixtures and TestDifferential prove the behaviour.
func checkVersionAnnotations(t *testing.T, policies []policyFile) {
	t.Helper()
	for _, pf := range policies {
		a := pf.policy.Annotations
		var since string
		var changes []string
		for _, id := range strings.Split(a["vapgen.io/psa-checks"], ",") {
			s, c := psstest.VersionsOf(strings.TrimSpace(id))
			if s != "" {
				since = s
			}
			changes = append(changes, c...)
		}
		slices.Sort(changes)
		if got := a["vapgen.io/pss-since"]; got != since {
			t.Errorf("%s: annotation vapgen.io/pss-since = %q, want %q (PSA's check starts there)", pf.dir.Name, got, since)
		}
		want := strings.Join(slices.Compact(changes), ", ")
		if got := a["vapgen.io/pss-changes"]; got != want {
			t.Errorf("%s: annotation vapgen.io/pss-changes = %q, want %q (PSA's check changes there)", pf.dir.Name, got, want)
		}
	}
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

const (
	tableBegin = "<!-- BEGIN PSS TABLE (generated by TestReadmeTable; PSS_UPDATE=1 rewrites it) -->"
	tableEnd   = "<!-- END PSS TABLE -->"
)

// TestReadmeTable keeps the tables of policies/README.md and of the top-level
// README.md (control → policy and rule → VAP → PSA check) equal to what the
// generator produces. Run with PSS_UPDATE=1 to rewrite them.
func TestReadmeTable(t *testing.T) {
	s := getSuite(t)
	type row struct {
		order                                       int
		profile, control, policy, rule, vap, checks string
	}
	var rows []row
	for _, u := range s.units {
		ids := psaChecks(u)
		var names []string
		for _, id := range ids {
			names = append(names, controls[id])
		}
		order := len(controlOrder)
		if len(ids) > 0 {
			if i := slices.Index(controlOrder, ids[0]); i >= 0 {
				order = i
			}
		}
		rows = append(rows, row{
			order:   order,
			profile: string(u.Profile),
			control: strings.Join(names, ", "),
			policy:  strings.TrimPrefix(u.Policy.Annotations["vapgen.io/policy"], "ClusterPolicy/"),
			rule:    u.Policy.Annotations["vapgen.io/rule"],
			vap:     u.Name,
			checks:  strings.Join(ids, ", "),
		})
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].order != rows[j].order {
			return rows[i].order < rows[j].order
		}
		return rows[i].vap < rows[j].vap
	})
	for file, linkPrefix := range map[string]string{"README.md": "", "../README.md": "policies/"} {
		var b strings.Builder
		b.WriteString(tableBegin + "\n")
		b.WriteString("| Profile | Control | Policy / rule | ValidatingAdmissionPolicy | PSA check (v1.30–v1.37) |\n")
		b.WriteString("|---|---|---|---|---|\n")
		for _, r := range rows {
			fmt.Fprintf(&b, "| %s | %s | [`%s`](%s%s/%s/%s.yaml) / `%s` | `%s` | `%s` |\n",
				r.profile, r.control, r.policy, linkPrefix, r.profile, r.policy, r.policy, r.rule, r.vap, r.checks)
		}
		b.WriteString(tableEnd)
		checkTable(t, file, b.String())
	}
}

func checkTable(t *testing.T, file, want string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	i, j := strings.Index(text, tableBegin), strings.Index(text, tableEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: no table markers", file)
	}
	got := text[i : j+len(tableEnd)]
	if got == want {
		return
	}
	if os.Getenv("PSS_UPDATE") != "" {
		if err := os.WriteFile(file, []byte(text[:i]+want+text[j+len(tableEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("rewrote the table of %s", file)
		return
	}
	t.Errorf("%s: the table is out of date; run PSS_UPDATE=1 go test ./policies -run TestReadmeTable. Want:\n%s", file, want)
}
