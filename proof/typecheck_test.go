// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package proof_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/api/meta/testrestmapper"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"k8s.io/kubernetes/pkg/generated/openapi"

	"github.com/vapgen/vapgen/evaluator"
)

// Issue 5: every generated policy type-checks against the schema of every
// kind it matches with kube-controller-manager's own checker (the
// ValidatingAdmissionPolicy status controller's TypeChecker, whose warnings
// become status.typeChecking), so status.typeChecking stays empty on a real
// server.

// recordingResolver remembers the kinds whose schema it resolved: the kinds
// the checker actually checked.
type recordingResolver struct {
	resolver.SchemaResolver
	mu       sync.Mutex
	resolved []schema.GroupVersionKind
}

func (r *recordingResolver) ResolveSchema(gvk schema.GroupVersionKind) (*spec.Schema, error) {
	s, err := r.SchemaResolver.ResolveSchema(gvk)
	if err == nil {
		r.mu.Lock()
		r.resolved = append(r.resolved, gvk)
		r.mu.Unlock()
	}
	return s, err
}

// kindOf is the kind of each resource the policies may match, written out
// here so that a resource the REST mapper fails to resolve is noticed (the
// checker silently skips it).
var kindOf = map[string]string{
	"/pods":                   "/v1, Kind=Pod",
	"/podtemplates":           "/v1, Kind=PodTemplate",
	"/replicationcontrollers": "/v1, Kind=ReplicationController",
	"/namespaces":             "/v1, Kind=Namespace",
	"apps/deployments":        "apps/v1, Kind=Deployment",
	"apps/statefulsets":       "apps/v1, Kind=StatefulSet",
	"apps/daemonsets":         "apps/v1, Kind=DaemonSet",
	"apps/replicasets":        "apps/v1, Kind=ReplicaSet",
	"batch/jobs":              "batch/v1, Kind=Job",
	"batch/cronjobs":          "batch/v1, Kind=CronJob",
}

// wantKinds lists the kinds of a policy's resource rules (subresources are
// not type-checked: their kind is the parent's).
func wantKinds(p *admissionregistrationv1.ValidatingAdmissionPolicy) ([]string, error) {
	set := map[string]bool{}
	for _, r := range p.Spec.MatchConstraints.ResourceRules {
		for _, g := range r.APIGroups {
			for _, res := range r.Resources {
				if strings.Contains(res, "/") {
					continue
				}
				k, ok := kindOf[g+"/"+res]
				if !ok {
					return nil, fmt.Errorf("resource %s/%s: not in kindOf", g, res)
				}
				set[k] = true
			}
		}
	}
	return sortedKeys(set), nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var (
	schemasOnce sync.Once
	schemas     resolver.SchemaResolver
)

func initSchemas() {
	schemas = resolver.NewDefinitionsSchemaResolver(openapi.GetOpenAPIDefinitions, scheme.Scheme)
}

// newChecker is kube-controller-manager's checker with the schemas of the
// built-in kinds (as in its status controller) and a static REST mapper of
// the built-in kinds (as in that controller's tests; it guesses plurals,
// which wantKinds proves right for every resource the policies match).
func newChecker() (*validating.TypeChecker, *recordingResolver) {
	schemasOnce.Do(initSchemas)
	rec := &recordingResolver{SchemaResolver: schemas}
	return &validating.TypeChecker{SchemaResolver: rec, RestMapper: testrestmapper.TestOnlyStaticRESTMapper(scheme.Scheme)}, rec
}

// typeCheck runs the checker on one policy as the status controller does:
// the warnings it would write to status.typeChecking, and the kinds checked.
func typeCheck(p *admissionregistrationv1.ValidatingAdmissionPolicy) ([]admissionregistrationv1.ExpressionWarning, []string) {
	checker, rec := newChecker()
	warnings := checker.Check(p)
	return warnings, rec.kinds()
}

func (r *recordingResolver) kinds() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	kinds := map[string]bool{}
	for _, gvk := range r.resolved {
		kinds[gvk.String()] = true
	}
	return sortedKeys(kinds)
}

func TestTypeCheckManifests(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dir string
		v   *variant
	}{{"manifests", repo}, {"manifests-per-profile", perProfile}} {
		t.Run(tc.dir, func(t *testing.T) {
			set, err := evaluator.Load(filepath.Join(root, tc.dir))
			if err != nil {
				t.Fatal(err)
			}
			var pod, template, overlay, guard int
			for _, p := range set.Policies() {
				switch {
				case p.Name == "vapgen-label-guard":
					guard++
				case p.Annotations["vapgen.io/overlay"] != "":
					overlay++
				case p.Annotations["vapgen.io/pod-template"] != "":
					template++
				default:
					pod++
				}
			}
			t.Logf("type-checking %d pod policies, %d pod-template policies, %d overlay policies, %d guard", pod, template, overlay, guard)
			// The folder holds every policy vapgen.yaml generates in its layout.
			var got, want []string
			for _, p := range set.Policies() {
				got = append(got, p.Name)
			}
			for _, p := range objectsOf(tc.v.get(t)) {
				want = append(want, p.Name)
			}
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s/ holds policies\n  %q\nvapgen.yaml generates\n  %q", tc.dir, got, want)
			}
			var scope []*admissionregistrationv1.ValidatingAdmissionPolicy
			for _, p := range set.Policies() {
				if inScope(p) {
					scope = append(scope, p)
				}
			}
			checkAll(t, scope)
		})
	}
}

// TestTypeCheckVariants: the policies the options change (the guard's
// message) type-check too; those they leave alone were checked above.
func TestTypeCheckVariants(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, p := range objectsOf(repo.get(t)) {
		seen[signature(p)] = true
	}
	var todo []*admissionregistrationv1.ValidatingAdmissionPolicy
	for _, v := range []*variant{exempt, defaultRestricted, warnControllers, offControllers, labelAdmins} {
		for _, p := range objectsOf(v.get(t)) {
			if !seen[signature(p)] {
				seen[signature(p)] = true
				todo = append(todo, p)
			}
		}
	}
	if len(todo) == 0 {
		t.Fatal("no variant changes what the checker reads: the label guard with other groups should")
	}
	checkAll(t, todo)
}

// TestTypeCheckMatchConditions goes beyond the status controller, which
// checks validations only: every matchCondition (significant pod update,
// changed pod template, exempt users and runtime classes) type-checks
// against every kind its policy matches. (The label guard has none: it
// judges every requester's values, and the requester in a variable.)
func TestTypeCheckMatchConditions(t *testing.T) {
	t.Parallel()
	f := exempt.get(t)
	names := map[string]int{}
	done := map[string]bool{}
	contexts := map[string]*validating.TypeCheckingContext{}
	checker, rec := newChecker()
	for _, p := range objectsOf(f) {
		constraints := &admissionregistrationv1.ValidatingAdmissionPolicy{Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{MatchConstraints: p.Spec.MatchConstraints}}
		sig := signature(constraints)
		ctx := contexts[sig]
		if ctx == nil {
			rec.resolved = nil
			ctx = checker.CreateContext(constraints)
			contexts[sig] = ctx
			want, err := wantKinds(p)
			if got := rec.kinds(); err != nil || strings.Join(got, "; ") != strings.Join(want, "; ") {
				t.Errorf("%s: checking against %q, want %q (%v)", p.Name, got, want, err)
			}
		}
		for _, mc := range p.Spec.MatchConditions {
			if key := mc.Expression + "\x00" + sig; !done[key] {
				done[key] = true
				names[mc.Name]++
				if r := checker.CheckExpression(ctx, mc.Expression); len(r) > 0 {
					t.Errorf("%s: matchCondition %s: %s", p.Name, mc.Name, r)
				}
			}
		}
	}
	for _, n := range []string{"vapgen-significant-pod-update", "vapgen-changed-pod-template", "vapgen-exempt-usernames", "vapgen-exempt-runtime-classes"} {
		if names[n] == 0 {
			t.Errorf("no matchCondition %s was checked", n)
		}
	}
	t.Logf("matchConditions checked: %v", names)
}

// objectsOf lists a generation's policies.
func objectsOf(f *fixture) []*admissionregistrationv1.ValidatingAdmissionPolicy {
	p, _ := objects(f.units)
	return p
}

// signature is what the status controller reads of a policy.
func signature(p *admissionregistrationv1.ValidatingAdmissionPolicy) string {
	b, err := json.Marshal([]any{p.Spec.MatchConstraints, p.Spec.ParamKind, p.Spec.Variables, p.Spec.Validations})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// checkAll type-checks policies on every core.
func checkAll(t *testing.T, policies []*admissionregistrationv1.ValidatingAdmissionPolicy) {
	t.Helper()
	type result struct {
		name     string
		warnings []admissionregistrationv1.ExpressionWarning
		kinds    []string
		want     []string
		err      error
	}
	results := make([]result, len(policies))
	parallel(len(policies), func(i int) {
		r := &results[i]
		r.name = policies[i].Name
		r.warnings, r.kinds = typeCheck(policies[i])
		r.want, r.err = wantKinds(policies[i])
	})
	for _, r := range results {
		for _, w := range r.warnings {
			t.Errorf("%s: %s: %s", r.name, w.FieldRef, w.Warning)
		}
		if r.err != nil {
			t.Errorf("%s: %v", r.name, r.err)
		}
		if len(r.kinds) == 0 || strings.Join(r.kinds, "; ") != strings.Join(r.want, "; ") {
			t.Errorf("%s: checked against %q, want %q", r.name, r.kinds, r.want)
		}
	}
}

// TestTypeCheckerFindsErrors: the checker, set up as above, does report a
// wrong field, on a pod, a pod-template and the guard policy, so that a
// clean result means something.
func TestTypeCheckerFindsErrors(t *testing.T) {
	t.Parallel()
	f := repo.get(t)
	u := f.unit(t, "disallow-privileged-containers")
	for _, p := range []*admissionregistrationv1.ValidatingAdmissionPolicy{u.Policies[0], u.Policies[1], f.unit(t, "vapgen-label-guard").Policy} {
		broken := p.DeepCopy()
		broken.Spec.Validations[0].Expression = "has(object.metadata.nonExistingField) || " + broken.Spec.Validations[0].Expression
		warnings, kinds := typeCheck(broken)
		if len(warnings) != 1 || strings.Count(warnings[0].Warning, "undefined field 'nonExistingField'") != len(kinds) {
			t.Errorf("%s with an undefined field (kinds %v): warnings %v", p.Name, kinds, warnings)
		}
	}
}
