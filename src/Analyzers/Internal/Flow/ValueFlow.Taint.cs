using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using JwtAnalyzers.Internal.Symbols;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>The value-flow engine: derivations (taint), through operands, members, calls and lambda parameters.</summary>
internal sealed partial class ValueFlow
{
    // ------------------------------------------------------------------ derivations (taint)

    /// <summary>
    /// The first operation satisfying <paramref name="isSource"/> that <paramref name="value"/> derives from: the value
    /// itself, any operand of it (<c>jwt.Claims.First().Value</c> derives from <c>jwt</c>), and, followed like
    /// <see cref="SourcesOf"/>, the values written to the locals, fields, properties and parameters it reads and the
    /// values returned by the source methods it calls; a lambda parameter derives from the collection the LINQ call
    /// runs on. Operations satisfying <paramref name="stopsAt"/> (a real validation call) are not looked into.
    /// </summary>
    public IOperation? FindSource(IOperation value, Func<IOperation, bool> isSource, Func<IOperation, bool>? stopsAt = null)
    {
        var seen = new HashSet<IOperation>();
        var active = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var budget = 4096;
        return Find(value, isSource, stopsAt, seen, active, 0, context: null, ref budget);
    }

    private IOperation? Find(IOperation operation, Func<IOperation, bool> isSource, Func<IOperation, bool>? stopsAt, HashSet<IOperation> seen, HashSet<ISymbol> active, int depth, IOperation? context, ref int budget)
    {
        if (--budget < 0 || !seen.Add(operation))
        {
            return null;
        }

        if (isSource(operation))
        {
            return operation;
        }

        if (stopsAt?.Invoke(operation) == true || operation is IAnonymousFunctionOperation or ILocalFunctionOperation or ILiteralOperation)
        {
            return null;
        }

        if (depth < MaxDepth)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    foreach (var written in LocalWrites.For(local.GetRoot()).ValuesOf(local.Local, out _))
                    {
                        if (Find(written, isSource, stopsAt, seen, active, depth, context, ref budget) is { } found)
                        {
                            return found;
                        }
                    }

                    break;

                case IFieldReferenceOperation { Field: var field } when field.IsInSource() && active.Add(field):
                    if (FindInAll(WritesOf(field).Values, isSource, stopsAt, seen, active, depth + 1, ref budget) is { } fromField)
                    {
                        return fromField;
                    }

                    active.Remove(field);
                    break;

                case IPropertyReferenceOperation { Property: var property } when property.IsInSource() && !property.IsIndexer && active.Add(property):
                    if (FindInAll(WritesOf(property).Values, isSource, stopsAt, seen, active, depth + 1, ref budget) is { } fromProperty)
                    {
                        return fromProperty;
                    }

                    active.Remove(property);
                    break;

                case IParameterReferenceOperation parameter:
                    if (ArgumentFor(context, parameter.Parameter) is { } argument)
                    {
                        return Find(argument, isSource, stopsAt, seen, active, depth + 1, context: null, ref budget);
                    }

                    if (LambdaFeed(parameter) is { } feed)
                    {
                        return Find(feed, isSource, stopsAt, seen, active, depth, context, ref budget);
                    }

                    if (active.Add(parameter.Parameter)
                        && FindInAll(WritesOf(parameter.Parameter).Values, isSource, stopsAt, seen, active, depth + 1, ref budget) is { } fromCaller)
                    {
                        return fromCaller;
                    }

                    return null;

                case IInvocationOperation invocation when IsFollowable(invocation.TargetMethod):
                    var method = invocation.TargetMethod.OriginalDefinition;
                    if (active.Add(method))
                    {
                        foreach (var returned in ReturnsOf(method).Values)
                        {
                            if (Find(returned, isSource, stopsAt, seen, active, depth + 1, invocation, ref budget) is { } fromReturn)
                            {
                                return fromReturn;
                            }
                        }

                        active.Remove(method);
                    }

                    // The result of a source method depends on its arguments only through its returns: done.
                    return null;
            }
        }

        foreach (var child in operation.ChildOperations)
        {
            if (Find(child, isSource, stopsAt, seen, active, depth, context, ref budget) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private IOperation? FindInAll(ImmutableArray<IOperation> values, Func<IOperation, bool> isSource, Func<IOperation, bool>? stopsAt, HashSet<IOperation> seen, HashSet<ISymbol> active, int depth, ref int budget)
    {
        foreach (var value in values)
        {
            if (Find(value, isSource, stopsAt, seen, active, depth, context: null, ref budget) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// For a parameter of a lambda passed to a call (<c>claims.Any(c =&gt; ...)</c>), the operation the lambda's
    /// argument is drawn from: the receiver or the first argument of the call (the collection). Null otherwise.
    /// </summary>
    public static IOperation? LambdaFeed(IParameterReferenceOperation parameter)
    {
        if (parameter.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction })
        {
            return null;
        }

        for (var current = parameter.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.Parameter.ContainingSymbol))
            {
                var outer = lambda.Parent;
                while (outer is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
                {
                    outer = outer.Parent;
                }

                return outer switch
                {
                    IInvocationOperation { Instance: { } instance } => instance,
                    IInvocationOperation { Arguments.Length: > 1 } call when call.TargetMethod.IsExtensionMethod => call.Arguments[0].Value,
                    _ => null,
                };
            }
        }

        return null;
    }
}
