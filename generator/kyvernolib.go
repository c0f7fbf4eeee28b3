package generator

import (
	"regexp"

	"github.com/vapgen/vapgen/generator/celcheck"
)

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

// kyvernoLibraryIssues keeps, of the issues of an expression that uses a
// Kyverno library, only the first that names it.
func kyvernoLibraryIssues(issues []celcheck.Issue) []celcheck.Issue {
	libs := map[string]celcheck.Issue{}
	for _, is := range issues {
		if lib := kyvernoLibrary(is.Message); lib != "" {
			if _, seen := libs[is.Field]; !seen {
				libs[is.Field] = is
			}
		}
	}
	var out []celcheck.Issue
	for _, is := range issues {
		lib, ok := libs[is.Field]
		switch {
		case !ok:
			out = append(out, is)
		case lib.Line == is.Line && lib.Column == is.Column && lib.GVK == is.GVK:
			out = append(out, lib)
		}
	}
	return out
}
