// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package naming

import (
	"strings"
	"testing"
)

func TestMerge(t *testing.T) {
	tests := []struct{ policy, rule, want string }{
		{"disallow-host-namespaces", "host-namespaces", "disallow-host-namespaces"},
		{"disallow-host-process", "host-process-containers", "disallow-host-process-containers"},
		{"require-run-as-nonroot", "run-as-non-root", "require-run-as-nonroot"},
		{"restrict-seccomp", "check-seccomp", "restrict-seccomp-check-seccomp"},
		{"disallow-host-ports-range", "host-port-range", "disallow-host-ports-range-host-port-range"},
		{"disallow-selinux", "selinux-type", "disallow-selinux-type"},
		{"disallow-privileged-containers", "privileged-containers", "disallow-privileged-containers"},
		{"restrict-sysctls", "check-sysctls", "restrict-sysctls-check-sysctls"},
		{"a", "a", "a"},
		{"policy", "", "policy"},
		// The longest overlap wins: "host-path" over "path".
		{"disallow-host-path", "host-path-volumes", "disallow-host-path-volumes"},
		// Words are compared whole: "port" is not the end of "ports".
		{"host-ports", "s-check", "host-ports-s-check"},
	}
	for _, tt := range tests {
		if got := Merge(tt.policy, tt.rule); got != tt.want {
			t.Errorf("Merge(%q, %q) = %q, want %q", tt.policy, tt.rule, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	short := "disallow-host-namespaces"
	if got := Shorten(short, MaxLength); got != short {
		t.Errorf("Shorten(%q) = %q, want it unchanged", short, got)
	}
	long := strings.Repeat("abcdefghij-", 30)
	got := Shorten(long, MaxLength)
	if len(got) > MaxLength {
		t.Errorf("Shorten gave %d characters, want at most %d", len(got), MaxLength)
	}
	if got != Shorten(long, MaxLength) {
		t.Error("Shorten is not deterministic")
	}
	other := Shorten(long+"x", MaxLength)
	if got == other {
		t.Errorf("two long names shortened to the same %q", got)
	}
	if want := "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-8dc24a1f"; got != want {
		t.Errorf("Shorten(long) = %q, want %q", got, want)
	}
}

func TestDNS1123(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"no-LoadBalancer", "no-loadbalancer"},
		{"check-NodePort", "check-nodeport"},
		{"already-fine.v2", "already-fine.v2"},
		{"snake_case rule", "snake-case-rule"},
	} {
		if got := DNS1123(tt.name); got != tt.want {
			t.Errorf("DNS1123(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
