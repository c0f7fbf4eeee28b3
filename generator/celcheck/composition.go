// Copyright 2026 The vapgen Authors.
// SPDX-License-Identifier: Apache-2.0

package celcheck

import (
	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types/traits"

	"k8s.io/apimachinery/pkg/util/version"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
)

// variablesTypeName is the type the API server gives `variables`.
const variablesTypeName = "kubernetes.variables"

// composition is an environment with `variables` declared as the API
// server's CompositedCompiler declares them: an object type whose fields are
// the policy's variables, each typed by its expression's output type. Its
// fields are looked up when an expression is checked, so one environment
// serves every policy: reset forgets the previous policy's variables.
type composition struct {
	variables *apiservercel.DeclType
	envSet    *environment.EnvSet
}

func newComposition(base *environment.EnvSet) (*composition, error) {
	variables := apiservercel.NewObjectType(variablesTypeName, map[string]*apiservercel.DeclField{})
	envSet, err := base.Extend(environment.VersionedOptions{
		IntroducedVersion: version.MajorMinor(1, 0),
		EnvOptions:        []cel.EnvOption{cel.Variable("variables", variables.CelType())},
		DeclTypes:         []*apiservercel.DeclType{variables},
	})
	if err != nil {
		return nil, err
	}
	return &composition{variables: variables, envSet: envSet}, nil
}

func (c *composition) reset() { clear(c.variables.Fields) }

// addVariable declares variables.<name> with the output type of its
// expression (dynamic when it did not compile), as the API server does.
func (c *composition) addVariable(name string, t *cel.Type) {
	c.variables.Fields[name] = apiservercel.NewDeclField(name, declTypeOf(t), true, nil, nil)
}

func (c *composition) env(mode environment.Type) (*cel.Env, error) { return c.envSet.Env(mode) }

// apiServerCompiler compiles in this composition as the API server's
// validating plugin does (object and params dynamic, output types enforced).
func (c *composition) apiServerCompiler() plugincel.Compiler { return plugincel.NewCompiler(c.envSet) }

// declTypeOf maps a variable's CEL output type to the declared type the API
// server's composition gives it: scalars as themselves, lists and maps with
// their parameters, anything else dynamic.
func declTypeOf(t *cel.Type) *apiservercel.DeclType {
	if t == nil {
		return apiservercel.DynType
	}
	if d, ok := scalarDeclTypes[t]; ok {
		return d
	}
	if t.HasTrait(traits.ContainerType) && t.HasTrait(traits.IndexerType) {
		switch p := t.Parameters(); len(p) {
		case 1:
			return apiservercel.NewListType(declTypeOf(p[0]), -1)
		case 2:
			return apiservercel.NewMapType(declTypeOf(p[0]), declTypeOf(p[1]), -1)
		}
	}
	return apiservercel.DynType
}

var scalarDeclTypes = map[*cel.Type]*apiservercel.DeclType{
	cel.AnyType:       apiservercel.AnyType,
	cel.BoolType:      apiservercel.BoolType,
	cel.BytesType:     apiservercel.BytesType,
	cel.DoubleType:    apiservercel.DoubleType,
	cel.DurationType:  apiservercel.DurationType,
	cel.IntType:       apiservercel.IntType,
	cel.NullType:      apiservercel.NullType,
	cel.StringType:    apiservercel.StringType,
	cel.TimestampType: apiservercel.TimestampType,
	cel.UintType:      apiservercel.UintType,
}
