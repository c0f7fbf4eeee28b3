package generator

import "regexp"

// kyvernoLibraries are the names Kyverno's CEL libraries add to policies;
// the API server's CEL environment has none of them.
var kyvernoLibraries = map[string]bool{
	"resource": true, "http": true, "globalContext": true, "image": true, "imagedata": true,
	"imageData": true, "x509": true, "json": true, "yaml": true, "random": true, "hash": true,
	"parseServiceAccount": true, "gctx": true,
}

var undeclaredRE = regexp.MustCompile(`undeclared reference to '([^']+)'`)

// kyvernoLibrary returns the Kyverno library a CEL error message is about, if any.
func kyvernoLibrary(message string) string {
	m := undeclaredRE.FindStringSubmatch(message)
	if m == nil || !kyvernoLibraries[m[1]] {
		return ""
	}
	return m[1]
}
