package generator

import (
	"fmt"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	admissionregistrationdefaults "k8s.io/kubernetes/pkg/apis/admissionregistration/v1"

	"github.com/vapgen/vapgen/generator/diag"
	"github.com/vapgen/vapgen/generator/naming"
)

// Annotations and labels vapgen sets on what it generates.
const (
	SourceAnnotation  = "vapgen.io/source"
	PolicyAnnotation  = "vapgen.io/policy"
	RuleAnnotation    = "vapgen.io/rule"
	ProfileLabel      = "vapgen.io/profile"
	ManagedByLabel    = "app.kubernetes.io/managed-by"
	ManagedByValue    = "vapgen"
	ourAnnotationRoot = "vapgen.io/"
)

// policyAnnotations keeps the source policy's vapgen.io/ annotations, such as
// the Pod Security Standards version and the PSA checks a policy implements.
func policyAnnotations(in map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range in {
		if strings.HasPrefix(k, ourAnnotationRoot) && k != ProfileAnnotation {
			out[k] = v
		}
	}
	return out
}

// name gives a unit its name and metadata.
func (g *generation) name(u *Unit) {
	o := u.Origin
	full := o.Policy
	if o.Rule != "" {
		full = naming.Merge(o.Policy, o.Rule)
	}
	u.Name = naming.Shorten(full, naming.MaxLength)
	for _, msg := range validation.IsDNS1123Subdomain(u.Name) {
		g.diags = append(g.diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path), o.Subject(), fmt.Sprintf("generated name %q: %s", u.Name, msg)))
	}
	policyRef := o.PolicyKind + "/" + o.Policy
	if o.Namespace != "" {
		policyRef = o.PolicyKind + "/" + o.Namespace + "/" + o.Policy
	}
	meta := &u.Policy.ObjectMeta
	meta.Name = u.Name
	meta.Labels = map[string]string{ManagedByLabel: ManagedByValue, ProfileLabel: string(u.Profile)}
	if meta.Annotations == nil {
		meta.Annotations = map[string]string{}
	}
	meta.Annotations[SourceAnnotation] = o.Doc.File
	meta.Annotations[PolicyAnnotation] = policyRef
	if o.Rule != "" {
		meta.Annotations[RuleAnnotation] = o.Rule
	}
	meta.Annotations[ProfileAnnotation] = string(u.Profile)
	completePolicy(u.Policy)
}

// completePolicy sets the type and the defaults the API server would add.
func completePolicy(vap *admissionregistrationv1.ValidatingAdmissionPolicy) {
	vap.TypeMeta.APIVersion = admissionregistrationv1.SchemeGroupVersion.String()
	vap.TypeMeta.Kind = "ValidatingAdmissionPolicy"
	admissionregistrationdefaults.SetObjectDefaults_ValidatingAdmissionPolicy(vap)
}

// rejectDuplicates reports rules that would get the same name, naming all of
// their sources.
func (g *generation) rejectDuplicates() {
	byName := map[string][]*Unit{}
	for _, u := range g.units {
		byName[u.Name] = append(byName[u.Name], u)
	}
	var keep []*Unit
	for _, u := range g.units {
		same := byName[u.Name]
		if len(same) == 1 {
			keep = append(keep, u)
			continue
		}
		var others []string
		for _, o := range same {
			if o != u {
				others = append(others, fmt.Sprintf("%s (%s at %s)", o.Origin.Subject(), o.Origin.PolicyKind, o.Origin.Doc.Locate(o.Origin.Path)))
			}
		}
		sort.Strings(others)
		o := u.Origin
		g.diags = append(g.diags, o.Doc.Diagnostic(diag.Error, o.Doc.Locate(o.Path), o.Subject(),
			fmt.Sprintf("generated name %q is also the name of %s; rename a policy or rule", u.Name, strings.Join(others, ", "))))
	}
	g.units = keep
}
