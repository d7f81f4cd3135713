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

/// <summary>
/// The one value-flow engine of the rule set, one instance per compilation (<see cref="Get"/>). It answers two
/// questions and every rule uses it instead of walking code itself:
/// <list type="bullet">
/// <item><b>Which values can reach this operation</b> (<see cref="SourcesOf"/>): follows locals, fields and properties
/// (initializers, constructors, every assignment in the compilation, object initializers, records' positional
/// parameters and <c>with</c> expressions), parameters of source methods (the arguments of every call site), source
/// methods' return values, every arm of <c>?:</c>, <c>??</c> and <c>switch</c> expressions, <c>await</c> and
/// conversions. <see cref="FindSource"/> does the same through derivations (a member, a call or an operator applied
/// to a value), which is what taint rules need, including lambda parameters fed by LINQ.</item>
/// <item><b>Where does this value go</b> (<see cref="SinksOf"/>): the operations that consume it, following locals,
/// fields, properties, return values to their callers and arguments into source methods.
/// <see cref="ParameterReaches"/> caches per parameter whether a wrapper hands its parameter to a sink, so a wrapper
/// is itself a sink for its callers.</item>
/// </list>
/// Cost: member writes, call sites and method summaries are computed lazily, once per compilation, and cached by
/// symbol, from a syntax index (<see cref="SyntaxIndex"/>) that indexes a file only when a query needs it: a private,
/// read-only or get-only member is looked up in the files of its type, and any other query skips the files whose text
/// never spells the name. Local writes are computed once per body (<see cref="LocalWrites"/>); every query is bounded
/// by <see cref="MaxDepth"/> hops. Rules whose sinks are everywhere (a log call) ask <see cref="LocalSourcesOf"/>,
/// which never leaves the body (or the called method). The flow stays inside the compilation (one project and what
/// it compiles): values from other assemblies are leaves.
/// </summary>
internal sealed partial class ValueFlow
{
    /// <summary>How many hops (field, property, parameter, call) a query follows before it gives up (the answer is then incomplete).</summary>
    public const int MaxDepth = 6;

    /// <summary>How many values one query collects before it gives up.</summary>
    public const int MaxValues = 64;

    private static readonly ConditionalWeakTable<Compilation, ValueFlow> s_cache = new();

    private readonly SyntaxIndex _index;
    private readonly ConcurrentDictionary<ISymbol, MemberWrites> _writes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, MemberWrites> _returns = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IOperation>> _callSites = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<IOperation>> _reads = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IParameterSymbol Parameter, string Key), bool> _parameterSinks = new();

    private ValueFlow(Compilation compilation)
    {
        Compilation = compilation;
        Models = new SemanticModels(compilation);
        _index = new SyntaxIndex(compilation);
    }

    /// <summary>The compilation whose values are followed.</summary>
    public Compilation Compilation { get; }

    /// <summary>Semantic models of the compilation's trees.</summary>
    public SemanticModels Models { get; }

    /// <summary>The syntax index (each tree indexed on first use).</summary>
    internal SyntaxIndex Index => _index;

    /// <summary>The engine of the compilation <paramref name="operation"/> belongs to, or null for an operation without a semantic model.</summary>
    public static ValueFlow? For(IOperation operation) => operation.SemanticModel is { } model ? Get(model.Compilation) : null;

    /// <summary>The values that may reach <paramref name="operation"/> when the answer is complete; <c>default</c> otherwise.</summary>
    public static ImmutableArray<IOperation> CompleteSourcesOf(IOperation operation)
        => For(operation)?.SourcesOf(operation) is { IsComplete: true } values && !values.Values.IsEmpty ? values.Values : default;

    /// <summary>True when the answer for <paramref name="operation"/> is complete and every value satisfies <paramref name="predicate"/>.</summary>
    public static bool AllSources(IOperation operation, Func<IOperation, bool> predicate)
        => For(operation)?.SourcesOf(operation).All(predicate) == true;

    /// <summary>The shared engine of <paramref name="compilation"/>.</summary>
    public static ValueFlow Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new ValueFlow(c));

    // ------------------------------------------------------------------ which values reach an operation

    /// <summary>
    /// The operations whose values may reach <paramref name="operation"/>. A value that is not followed (a literal, a
    /// creation, a call into a library, <c>x + y</c>) is its own source.
    /// </summary>
    public FlowValues SourcesOf(IOperation operation)
    {
        var state = new SourceState();
        Collect(operation, state, 0, context: null);
        return new FlowValues(state.Values.ToImmutable(), state.IsComplete);
    }

    /// <summary>
    /// The values that reach <paramref name="operation"/> inside its own body: through locals, every arm of <c>?:</c>,
    /// <c>??</c> and <c>switch</c>, <c>await</c>, conversions, and the return values of source methods it calls; fields,
    /// properties and parameters are leaves (values of their own). For rules whose sinks are frequent (every log call)
    /// and that judge a member or a parameter by itself: the answer costs one walk of the body (shared by every query on
    /// it) and never binds another file's code except the called method's body.
    /// </summary>
    /// <param name="operation">The operation whose values are wanted.</param>
    /// <param name="followCalls">False to keep the answer inside the body: a call's result is a value of its own.</param>
    public FlowValues LocalSourcesOf(IOperation operation, bool followCalls = true)
    {
        var state = new SourceState { LocalOnly = true, FollowCalls = followCalls };
        Collect(operation, state, 0, context: null);
        return new FlowValues(state.Values.ToImmutable(), state.IsComplete);
    }

    private sealed class SourceState
    {
        public bool LocalOnly;
        public bool FollowCalls = true;
        public readonly ImmutableArray<IOperation>.Builder Values = ImmutableArray.CreateBuilder<IOperation>();
        public readonly HashSet<IOperation> Seen = new();
        public readonly HashSet<ISymbol> Active = new(SymbolEqualityComparer.Default);
        public bool IsComplete = true;
    }

    private void Collect(IOperation? operation, SourceState state, int depth, IOperation? context)
    {
        if (operation is null)
        {
            state.IsComplete = false;
            return;
        }

        operation = Unwrap(operation);
        if (!state.Seen.Add(operation))
        {
            return;
        }

        if (state.Values.Count >= MaxValues)
        {
            state.IsComplete = false;
            return;
        }

        switch (operation)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional when conditional.Type is not null:
                Collect(conditional.WhenTrue, state, depth, context);
                Collect(whenFalse, state, depth, context);
                return;
            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, state, depth, context);
                Collect(coalesce.WhenNull, state, depth, context);
                return;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    Collect(arm.Value, state, depth, context);
                }

                return;
            case IAwaitOperation awaited:
                Collect(awaited.Operation, state, depth, context);
                return;
            case ISimpleAssignmentOperation assignment:
                Collect(assignment.Value, state, depth, context);
                return;
        }

        if (depth >= MaxDepth)
        {
            state.Values.Add(operation);
            state.IsComplete = false;
            return;
        }

        switch (operation)
        {
            case ILocalReferenceOperation local when !local.Local.IsConst:
                var writes = LocalWrites.For(local.GetRoot()).ValuesOf(local.Local, out var complete);
                if (writes.Count == 0)
                {
                    state.Values.Add(operation);
                    state.IsComplete = false;
                    return;
                }

                state.IsComplete &= complete;
                foreach (var value in writes)
                {
                    Collect(value, state, depth, context);
                }

                return;

            case IFieldReferenceOperation or IPropertyReferenceOperation when state.LocalOnly:
                state.Values.Add(operation);
                return;

            case IParameterReferenceOperation localParameter when state.LocalOnly:
                // Inside a called method: the argument of the call; in the body the query started from: a leaf.
                if (ArgumentFor(context, localParameter.Parameter) is { } passed)
                {
                    Collect(passed, state, depth + 1, context: null);
                }
                else
                {
                    state.Values.Add(operation);
                }

                return;

            case IFieldReferenceOperation field when !field.Field.IsConst && field.Field.IsInSource():
                FollowMember(field.Field, operation, state, depth);
                return;

            case IPropertyReferenceOperation { Property.IsIndexer: false } property when property.Property.IsInSource():
                FollowMember(property.Property, operation, state, depth);
                return;

            case IParameterReferenceOperation parameter:
                FollowParameter(parameter.Parameter, operation, state, depth, context);
                return;

            case IInvocationOperation invocation when state.FollowCalls && IsFollowable(invocation.TargetMethod):
                var method = invocation.TargetMethod.OriginalDefinition;
                if (!state.Active.Add(method))
                {
                    return;
                }

                var returns = ReturnsOf(method);
                state.IsComplete &= returns.IsComplete;
                foreach (var returned in returns.Values)
                {
                    Collect(returned, state, depth + 1, invocation);
                }

                state.Active.Remove(method);
                return;

            default:
                state.Values.Add(operation);
                return;
        }
    }

    private void FollowMember(ISymbol member, IOperation reference, SourceState state, int depth)
    {
        if (!state.Active.Add(member))
        {
            return;
        }

        var writes = WritesOf(member);
        if (writes.Values.IsEmpty)
        {
            state.Values.Add(reference);
            state.IsComplete = false;
        }
        else
        {
            state.IsComplete &= writes.IsComplete;
            foreach (var value in writes.Values)
            {
                Collect(value, state, depth + 1, context: null);
            }
        }

        state.Active.Remove(member);
    }

    private void FollowParameter(IParameterSymbol parameter, IOperation reference, SourceState state, int depth, IOperation? context)
    {
        // Entered from a call site: the argument of that call.
        if (ArgumentFor(context, parameter) is { } argument)
        {
            Collect(argument, state, depth + 1, context: null);
            return;
        }

        if (!state.Active.Add(parameter))
        {
            return;
        }

        var writes = WritesOf(parameter);
        if (writes.Values.IsEmpty)
        {
            state.Values.Add(reference);
            state.IsComplete = false;
        }
        else
        {
            state.IsComplete &= writes.IsComplete;
            foreach (var value in writes.Values)
            {
                Collect(value, state, depth + 1, context: null);
            }
        }

        state.Active.Remove(parameter);
    }

    /// <summary>The argument of <paramref name="call"/> (an invocation or creation) passed to <paramref name="parameter"/>, or null.</summary>
    public static IOperation? ArgumentFor(IOperation? call, IParameterSymbol parameter)
    {
        var arguments = call switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => default,
        };
        if (arguments.IsDefault)
        {
            return null;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } p && SymbolEqualityComparer.Default.Equals(p.OriginalDefinition, parameter.OriginalDefinition))
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>Strips conversions and parentheses.</summary>
    public static IOperation Unwrap(IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// True when the engine can look inside <paramref name="method"/>: an ordinary method, getter or local function with
    /// a body in this compilation (a virtual one gives an incomplete summary: overrides may return other values).
    /// </summary>
    /// <summary>
    /// True when <paramref name="method"/> is an MVC action (a public instance method of a <c>ControllerBase</c> subclass
    /// without <c>[NonAction]</c>): the framework calls it, so a value it returns goes to the HTTP response, not to a caller
    /// in the project, and no call-site search (which would index every file spelling <c>Get</c> or <c>Index</c>) starts.
    /// </summary>
    internal bool IsMvcAction(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.DeclaredAccessibility != Accessibility.Public
            || method.ContainingType is not { TypeKind: TypeKind.Class } type)
        {
            return false;
        }

        var http = KnownSymbols.Get(Compilation).Http;
        if (http.ControllerBase is not { } controllerBase || !type.IsOrInheritsFrom(controllerBase))
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (http.NonActionAttribute is { } nonAction && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, nonAction))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsFollowable(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        return method.IsInSource()
            && !method.IsAbstract
            && !method.IsExtern
            && !method.IsPartialDefinition
            && method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.LocalFunction or MethodKind.Constructor;
    }
}
