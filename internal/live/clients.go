// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package live

import (
	"fmt"
	"time"

	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Clients are the clients of one cluster.
type Clients struct {
	Kube    kubernetes.Interface
	Dynamic dynamic.Interface
	// Server names the cluster in messages: its URL and, when read from a
	// kubeconfig, the context.
	Server string
}

// ConnectOptions say which cluster to talk to.
type ConnectOptions struct {
	// Kubeconfig is a kubeconfig file; empty follows the standard rules
	// ($KUBECONFIG, ~/.kube/config, then the in-cluster config of a pod).
	Kubeconfig string
	// Context overrides the kubeconfig's current context.
	Context string
	// Timeout of every request; 0 means none.
	Timeout time.Duration
	// QPS and Burst limit the client's request rate (client-go's defaults,
	// 5 and 10, are far too low for paging through a large cluster).
	QPS   float32
	Burst int
}

// Connect builds clients. Typed requests use protobuf, which costs the API
// server and the client less than JSON.
func Connect(o ConnectOptions) (*Clients, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.Kubeconfig
	overrides := &clientcmd.ConfigOverrides{CurrentContext: o.Context}
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, &Error{Kind: Connection, Msg: fmt.Sprintf("no cluster to talk to: %v (set --kubeconfig, $KUBECONFIG or --context, or run in a pod)", err)}
	}
	server := cfg.Host
	if raw, err := loader.RawConfig(); err == nil {
		name := raw.CurrentContext
		if o.Context != "" {
			name = o.Context
		}
		if name != "" {
			server += " (context " + name + ")"
		}
	}
	cfg.Timeout = o.Timeout
	cfg.QPS, cfg.Burst = o.QPS, o.Burst
	cfg.UserAgent = "vapgen"
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		return nil, &Error{Kind: Connection, Msg: fmt.Sprintf("%s: %v", server, err)}
	}
	typed := rest.CopyConfig(cfg)
	typed.ContentType = "application/vnd.kubernetes.protobuf"
	typed.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	kube, err := kubernetes.NewForConfig(typed)
	if err != nil {
		return nil, &Error{Kind: Connection, Msg: fmt.Sprintf("%s: %v", server, err)}
	}
	return &Clients{Kube: kube, Dynamic: dyn, Server: server}, nil
}
