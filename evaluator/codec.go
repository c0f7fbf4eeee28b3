// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package evaluator

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apiserver/pkg/warning"
)

var (
	codecOnce sync.Once
	jsonCodec runtime.SerializerInfo
	codecs    serializer.CodecFactory
)

func jsonSerializers() (serializer.CodecFactory, runtime.SerializerInfo) {
	codecOnce.Do(func() {
		codecs = serializer.NewCodecFactory(kubeScheme())
		jsonCodec, _ = runtime.SerializerInfoForMediaType(codecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	})
	return codecs, jsonCodec
}

// rejection is a request the API server refuses before admission.
type rejection struct {
	status    *apierrors.StatusError
	namespace string // of the request, "" for cluster-scoped objects
}

func (r rejection) Error() string { return r.status.Error() }

// decodeBody decodes a built-in object the way the API server's create and
// update handlers decode the JSON body kubectl sends (handlers/create.go):
// with the strict serializer unless field validation is Ignore, then
// defaulted and converted to the internal version by the codec factory's
// decoder. With Strict, unknown or duplicate fields are a 400 rejection; with
// Warn they become warnings. Other decode errors are a 400 rejection worded
// like the handlers' transformDecodeError. An empty directive decodes
// leniently, for stored objects.
func decodeBody(ctx context.Context, u *unstructured.Unstructured, directive string) (runtime.Object, error) {
	s := kubeScheme()
	gvk := u.GroupVersionKind()
	body, err := json.Marshal(u.Object)
	if err != nil {
		return nil, err
	}
	into, err := s.New(internalVersion(gvk.GroupVersion()).WithKind(gvk.Kind))
	if err != nil {
		return nil, err
	}
	cf, info := jsonSerializers()
	dec := info.Serializer
	if directive == metav1.FieldValidationStrict || directive == metav1.FieldValidationWarn {
		dec = info.StrictSerializer
	}
	obj, _, err := cf.DecoderToVersion(dec, internalVersion(gvk.GroupVersion())).Decode(body, &gvk, into)
	if err == nil {
		return obj, nil
	}
	if strict, ok := runtime.AsStrictDecodingError(err); ok && obj != nil && directive == metav1.FieldValidationWarn {
		for _, e := range strict.Errors() {
			warning.AddWarning(ctx, "", e.Error())
		}
		return obj, nil
	}
	return nil, rejection{status: apierrors.NewBadRequest(fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, err))}
}
