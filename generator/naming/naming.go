// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package naming

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// MaxLength is the longest name generated: names are used as the name part of
// label keys (`<prefix>/<name>`), which may hold at most 63 characters.
const MaxLength = 63

// hashLength is the number of hex digits of the suffix of a shortened name.
const hashLength = 8

// Merge joins a policy name and a rule name. Where the policy name ends with
// the words the rule name starts with (compared without the dashes between
// them), those words appear once:
//
//	disallow-host-namespaces + host-namespaces          → disallow-host-namespaces
//	disallow-host-process    + host-process-containers  → disallow-host-process-containers
//	require-run-as-nonroot   + run-as-non-root          → require-run-as-nonroot
//	restrict-seccomp         + check-seccomp            → restrict-seccomp-check-seccomp
//
// The longest such overlap wins.
func Merge(policy, rule string) string {
	pw, rw := words(policy), words(rule)
	if len(rw) == 0 {
		return strings.Join(pw, "-")
	}
	bestRule := 0
	bestLen := 0
	for i := range pw {
		suffix := strings.Join(pw[i:], "")
		for j := 1; j <= len(rw); j++ {
			prefix := strings.Join(rw[:j], "")
			if len(prefix) > len(suffix) {
				break
			}
			if prefix == suffix && len(prefix) > bestLen {
				bestRule, bestLen = j, len(prefix)
			}
		}
	}
	return strings.Join(append(pw, rw[bestRule:]...), "-")
}

func words(name string) []string {
	var out []string
	for _, w := range strings.Split(name, "-") {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Shorten returns name unchanged when it has at most max characters; longer
// names are cut and given a hash of the full name, so that two long names that
// share their start stay distinct and the result is the same on every run:
// `<first characters>-<8 hex digits>`.
func Shorten(name string, max int) string {
	if len(name) <= max {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	suffix := hex.EncodeToString(sum[:])[:hashLength]
	head := strings.TrimRight(name[:max-hashLength-1], "-.")
	return head + "-" + suffix
}

// DNS1123 makes a Kyverno policy or rule name (which may hold upper case,
// e.g. `no-LoadBalancer`) a DNS-1123 name, the same on every run: upper case
// is lowered and any other character than a-z, 0-9, '-' and '.' becomes '-'.
// Two names that differ only there give the same result; the caller reports
// such a clash.
func DNS1123(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '-'
	}, name)
}
