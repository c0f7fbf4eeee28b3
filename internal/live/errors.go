// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// ErrorKind says what went wrong talking to the cluster.
type ErrorKind int

const (
	// Connection: no kubeconfig, the API server cannot be reached, or it
	// rejects the credentials.
	Connection ErrorKind = iota
	// Forbidden: RBAC denies a request.
	Forbidden
	// MissingCRD: the PolicyReport CRDs are not installed.
	MissingCRD
	// NotFound: a namespace named on the command line does not exist.
	NotFound
	// Request: any other failed request.
	Request
)

// Error is a failed request to the cluster, with a message that names what
// was being done and how to fix it.
type Error struct {
	Kind ErrorKind
	Msg  string
	Err  error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// ReadRBAC and WriteRBAC say which permissions the audit needs, for
// forbidden errors.
const (
	ReadRBAC = "vapgen audit needs get and list on namespaces, pods, podtemplates, replicationcontrollers, " +
		"deployments, replicasets, statefulsets, daemonsets (apps), jobs and cronjobs (batch): " +
		"the ClusterRole vapgen-audit of manifests/reports/rbac.yaml"
	WriteRBAC = "--write-reports also needs get, list, create, update and delete on policyreports and " +
		"clusterpolicyreports (wgpolicyk8s.io): the ClusterRole vapgen-audit of manifests/reports/rbac.yaml"
	installCRDs = "the PolicyReport CRDs are not installed: kubectl apply -k manifests/reports/"
)

// requestError describes a failed request: doing says what it was ("listing
// pods in all namespaces"), rbac what permissions it needs.
func requestError(doing, server, rbac string, err error) error {
	var urlErr *url.Error
	var netErr *net.OpError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return &Error{Kind: Request, Msg: doing + ": interrupted", Err: err}
	case apierrors.IsForbidden(err):
		return &Error{Kind: Forbidden, Msg: fmt.Sprintf("%s: forbidden: %s; %s", doing, statusMessage(err), rbac), Err: err}
	case apierrors.IsResourceExpired(err) || apierrors.IsGone(err):
		return &Error{Kind: Request, Msg: fmt.Sprintf("%s: %s (the listing outlived its continue token, which the API server keeps about 5 minutes: run again, with a larger --page-size)", doing, statusMessage(err)), Err: err}
	case apierrors.IsUnauthorized(err):
		return &Error{Kind: Connection, Msg: fmt.Sprintf("%s: the API server %s rejects the credentials: %s", doing, server, statusMessage(err)), Err: err}
	case errors.As(err, &urlErr), errors.As(err, &netErr), errors.Is(err, context.DeadlineExceeded), apierrors.IsTimeout(err), apierrors.IsServerTimeout(err):
		return &Error{Kind: Connection, Msg: fmt.Sprintf("%s: cannot reach the API server %s: %v", doing, server, err), Err: err}
	}
	return &Error{Kind: Request, Msg: fmt.Sprintf("%s: %v", doing, err), Err: err}
}

// statusMessage is the API server's message of a Status error.
func statusMessage(err error) string {
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Message != "" {
		return status.Status().Message
	}
	return err.Error()
}
