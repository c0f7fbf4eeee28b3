// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/version"
	"k8s.io/apiserver/pkg/cel/environment"
)

// The Kubernetes release whose code (go.mod: k8s.io/kubernetes and the
// k8s.io/* staging modules) compiles and judges policies here;
// hack/verify-k8s-pins.sh keeps these in step with go.mod.
const (
	KubernetesRelease = "v1.37.2"
	StagingRelease    = "v0.37.2"
)

// The Kubernetes versions vapgen targets: ValidatingAdmissionPolicy is
// admissionregistration.k8s.io/v1 since 1.30, and k8s.io/apiserver in go.mod
// is of the 1.37 line.
var (
	OldestSupported = version.MajorMinor(1, 30)
	Newest          = version.MajorMinor(1, 37)
)

// Range is the API server versions a generated policy must work on, from
// Oldest to Newest (both minor versions of 1.x).
type Range struct {
	Oldest *version.Version
}

// DefaultRange is every supported version.
func DefaultRange() Range { return Range{Oldest: OldestSupported} }

// ParseVersion reads a Kubernetes minor version ("1.30", "v1.30") within the
// supported range.
func ParseVersion(s string) (*version.Version, error) {
	v, err := version.ParseGeneric(s)
	if err != nil || len(v.Components()) != 2 {
		return nil, fmt.Errorf("%q is not a Kubernetes minor version like 1.30", s)
	}
	if v.LessThan(OldestSupported) || Newest.LessThan(v) {
		return nil, fmt.Errorf("Kubernetes %s is not supported (want %s to %s)", minor(v), minor(OldestSupported), minor(Newest))
	}
	return v, nil
}

// apiServers lists the minor versions of the range, oldest first.
func (r Range) apiServers() []*version.Version {
	oldest := r.Oldest
	if oldest == nil {
		oldest = OldestSupported
	}
	var out []*version.Version
	for m := oldest.Minor(); m <= Newest.Minor(); m++ {
		out = append(out, version.MajorMinor(1, m))
	}
	return out
}

// newExpressionsCompatibility is the compatibility version whose CEL
// environment a v1.N API server compiles new or changed expressions with
// when a policy is written: 1.(N-1) (environment.DefaultCompatibilityVersion
// of that release).
func newExpressionsCompatibility(apiServer *version.Version) *version.Version {
	return version.MajorMinor(1, apiServer.Minor()-1)
}

// baseEnvSet is the environment the API server of go.mod's line (1.37)
// compiles with.
func baseEnvSet() *environment.EnvSet {
	return environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion())
}

func minor(v *version.Version) string { return fmt.Sprintf("%d.%d", v.Major(), v.Minor()) }
