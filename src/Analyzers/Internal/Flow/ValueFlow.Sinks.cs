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

/// <summary>The value-flow engine: where a value goes, and wrappers whose parameter reaches a sink.</summary>
internal sealed partial class ValueFlow
{
    // ------------------------------------------------------------------ where a value goes

    /// <summary>
    /// The operations that consume the value of <paramref name="operation"/>: it is followed through conversions,
    /// <c>?:</c>/<c>??</c>/switch arms, <c>await</c>, locals, fields and properties (every read in the compilation),
    /// <c>return</c> (to every caller) and arguments of source methods (to the parameter's uses in the callee). A
    /// consumer for which <paramref name="propagates"/> is true (a member read of the value, a string built from it,
    /// a serialisation; a member initialised with it in an object or collection initializer, for the created object)
    /// is followed in turn, as a value derived from the first.
    /// </summary>
    public ImmutableArray<IOperation> SinksOf(IOperation operation, Func<IOperation, bool>? propagates = null)
    {
        var uses = ImmutableArray.CreateBuilder<IOperation>();
        var seen = new HashSet<IOperation>();
        var work = new Stack<(IOperation Value, int Depth)>();
        work.Push((operation, 0));
        var budget = 1024;
        while (work.Count > 0 && --budget > 0)
        {
            var (value, depth) = work.Pop();
            if (!seen.Add(value))
            {
                continue;
            }

            var parent = value.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation or IAwaitOperation or ICoalesceOperation
                   || (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, value))
                   || parent is ISwitchExpressionArmOperation or ISwitchExpressionOperation)
            {
                value = parent;
                parent = value.Parent;
            }

            switch (parent)
            {
                case null:
                    continue;

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    foreach (var reference in LocalWrites.For(parent.GetRoot()).ReferencesTo(declarator.Symbol))
                    {
                        if (!IsWriteTarget(reference))
                        {
                            work.Push((reference, depth));
                        }
                    }

                    continue;

                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, value):
                    uses.Add(assignment);
                    if (assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: { } created } && propagates?.Invoke(assignment) == true)
                    {
                        // new Descriptor { Subject = value }, new Dictionary<string, object> { ["sub"] = value }: the created object derives from it.
                        work.Push((created, depth));
                    }

                    switch (assignment.Target)
                    {
                        case ILocalReferenceOperation local:
                            foreach (var reference in LocalWrites.For(parent.GetRoot()).ReferencesTo(local.Local))
                            {
                                if (!IsWriteTarget(reference))
                                {
                                    work.Push((reference, depth));
                                }
                            }

                            break;
                        case IFieldReferenceOperation { Field: var field } when field.IsInSource() && depth < MaxDepth:
                            foreach (var read in ReadsOf(field))
                            {
                                work.Push((read, depth + 1));
                            }

                            break;
                        case IPropertyReferenceOperation { Property: var property } when property.IsInSource() && !property.IsIndexer && depth < MaxDepth:
                            foreach (var read in ReadsOf(property))
                            {
                                work.Push((read, depth + 1));
                            }

                            break;
                    }

                    continue;

                case IReturnOperation returned when depth < MaxDepth && EnclosingMethod(returned) is { } method && IsFollowable(method) && !IsMvcAction(method):
                    uses.Add(returned);
                    foreach (var site in CallSitesOf(method))
                    {
                        work.Push((site, depth + 1));
                    }

                    continue;

                case IArgumentOperation argument:
                    uses.Add(argument);
                    if (depth < MaxDepth && argument.Parameter is { } parameter && parameter.ContainingSymbol is IMethodSymbol callee
                        && callee.IsInSource() && BodyOf(callee) is { } body)
                    {
                        foreach (var reference in body.Descendants())
                        {
                            if (reference is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter.OriginalDefinition, parameter.OriginalDefinition))
                            {
                                work.Push((reference, depth + 1));
                            }
                        }
                    }

                    if (propagates?.Invoke(argument) == true && argument.Parent is { } call)
                    {
                        work.Push((call, depth));
                    }

                    continue;

                default:
                    uses.Add(parent);
                    if (propagates?.Invoke(parent) == true)
                    {
                        work.Push((parent, depth));
                    }

                    continue;
            }
        }

        return uses.ToImmutable();
    }

    private static bool IsWriteTarget(IOperation reference)
        => reference.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, reference);

    /// <summary>The method whose body contains <paramref name="operation"/> directly (null inside a lambda).</summary>
    public IMethodSymbol? EnclosingMethod(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation)
            {
                return null;
            }

            if (parent is ILocalFunctionOperation localFunction)
            {
                return localFunction.Symbol;
            }
        }

        return Models.Get(operation.Syntax.SyntaxTree)?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
    }

    /// <summary>
    /// True when the value of <paramref name="parameter"/> reaches an operation satisfying <paramref name="isSink"/>
    /// (see <see cref="SinksOf"/>), directly or through further wrappers: the method is then itself a sink for its
    /// callers. Cached per parameter and <paramref name="key"/> (name the sink kind, e.g. the rule id).
    /// </summary>
    public bool ParameterReaches(IParameterSymbol parameter, string key, Func<IOperation, bool> isSink, Func<IOperation, bool>? propagates = null)
    {
        parameter = parameter.OriginalDefinition;
        var cacheKey = (parameter, key);
        if (_parameterSinks.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        // Recursion guard: a wrapper calling itself is not a sink by itself.
        _parameterSinks[cacheKey] = false;
        var result = false;
        if (parameter.ContainingSymbol is IMethodSymbol method && method.IsInSource() && BodyOf(method) is { } body)
        {
            foreach (var operation in body.Descendants())
            {
                if (operation is not IParameterReferenceOperation reference
                    || !SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, parameter))
                {
                    continue;
                }

                foreach (var use in SinksOf(reference, propagates))
                {
                    if (isSink(use))
                    {
                        result = true;
                        break;
                    }
                }

                if (result)
                {
                    break;
                }
            }
        }

        _parameterSinks[cacheKey] = result;
        return result;
    }
}
