// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package kinds

import (
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestTableIsTheAPIServers proves the table complete: it is exactly what the
// discovery documents of the pinned kube-apiserver list.
func TestTableIsTheAPIServers(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "k8s.io/kubernetes").Output()
	if err != nil {
		t.Fatalf("locating k8s.io/kubernetes: %v", err)
	}
	want, err := FromDiscovery(filepath.Join(strings.TrimSpace(string(out)), "api", "discovery"))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 80 {
		t.Fatalf("discovery lists %d kinds", len(want))
	}
	if !reflect.DeepEqual(builtinKinds, want) {
		t.Fatalf("zz_generated.kinds.go is not the API server's discovery (%d kinds, want %d): run go generate ./generator/internal/kinds", len(builtinKinds), len(want))
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ selector, want string }{
		{"Pod", "/v1 pods"},
		{"Pod/ephemeralcontainers", "/v1 pods/ephemeralcontainers"},
		{"HorizontalPodAutoscaler", "autoscaling/v2 horizontalpodautoscalers"},
		{"autoscaling/v1/HorizontalPodAutoscaler", "autoscaling/v1 horizontalpodautoscalers"},
		{"CertificateSigningRequest", "certificates.k8s.io/v1 certificatesigningrequests"},
		{"RuntimeClass", "node.k8s.io/v1 runtimeclasses"},
		{"events.k8s.io/v1/Event", "events.k8s.io/v1 events"},
		{"Event", "/v1 events"},
		{"v1/Event", "/v1 events"},
		{"autoscaling/*/HorizontalPodAutoscaler", "autoscaling/* horizontalpodautoscalers"},
		{"*", "*/* *"},
		{"*/scale", "*/* */scale"},
	} {
		k, err := Resolve(tc.selector)
		if err != nil {
			t.Errorf("Resolve(%q): %v", tc.selector, err)
			continue
		}
		if got := k.GVK.Group + "/" + k.GVK.Version + " " + k.ResourcePath(); got != tc.want {
			t.Errorf("Resolve(%q) = %s, want %s", tc.selector, got, tc.want)
		}
	}
}
