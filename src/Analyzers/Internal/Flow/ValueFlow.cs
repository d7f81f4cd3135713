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
/// Cost: member writes, call sites and method summaries are computed lazily, once per compilation, from a syntax
/// index built once (<see cref="SyntaxIndex"/>) and cached by symbol; local writes once per body
/// (<see cref="LocalWrites"/>); every query is bounded by <see cref="MaxDepth"/> hops. The flow stays inside the
/// compilation (one project and what it compiles): values from other assemblies are leaves.
/// </summary>
internal sealed class ValueFlow
{
    /// <summary>How many hops (field, property, parameter, call) a query follows before it gives up (the answer is then incomplete).</summary>
    public const int MaxDepth = 6;

    /// <summary>How many values one query collects before it gives up.</summary>
    public const int MaxValues = 64;

    private static readonly ConditionalWeakTable<Compilation, ValueFlow> s_cache = new();

    private readonly Lazy<SyntaxIndex> _index;
    private readonly ConcurrentDictionary<ISymbol, MemberWrites> _writes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, MemberWrites> _returns = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IOperation>> _callSites = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<IOperation>> _reads = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IParameterSymbol Parameter, string Key), bool> _parameterSinks = new();

    private ValueFlow(Compilation compilation)
    {
        Compilation = compilation;
        Models = new SemanticModels(compilation);
        _index = new Lazy<SyntaxIndex>(() => SyntaxIndex.Build(compilation, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The compilation whose values are followed.</summary>
    public Compilation Compilation { get; }

    /// <summary>Semantic models of the compilation's trees.</summary>
    public SemanticModels Models { get; }

    /// <summary>The syntax index (built on first use).</summary>
    internal SyntaxIndex Index => _index.Value;

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

    private sealed class SourceState
    {
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

            case IFieldReferenceOperation field when !field.Field.IsConst && field.Field.IsInSource():
                FollowMember(field.Field, operation, state, depth);
                return;

            case IPropertyReferenceOperation { Property.IsIndexer: false } property when property.Property.IsInSource():
                FollowMember(property.Property, operation, state, depth);
                return;

            case IParameterReferenceOperation parameter:
                FollowParameter(parameter.Parameter, operation, state, depth, context);
                return;

            case IInvocationOperation invocation when IsFollowable(invocation.TargetMethod):
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
    public static bool IsFollowable(IMethodSymbol method)
    {
        method = method.ReducedFrom ?? method;
        return method.IsInSource()
            && !method.IsAbstract
            && !method.IsExtern
            && !method.IsPartialDefinition
            && method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.LocalFunction or MethodKind.Constructor;
    }

    // ------------------------------------------------------------------ per-compilation summaries

    /// <summary>
    /// The values written to a field or property anywhere in the compilation (its initializer, a record's positional
    /// parameter, constructors, object initializers, <c>with</c> expressions, every assignment), or, for a computed
    /// property, the values its getter returns; for a parameter of a source method, the arguments of every call site
    /// (and its default value). Cached per symbol.
    /// </summary>
    public MemberWrites WritesOf(ISymbol member) => _writes.GetOrAdd(member.OriginalDefinition, ComputeWrites);

    private MemberWrites ComputeWrites(ISymbol member)
    {
        switch (member)
        {
            case IParameterSymbol parameter:
                return ComputeParameterWrites(parameter);
            case IPropertySymbol property when property.GetMethod is { } getter && IsComputed(property):
                return ReturnsOf(getter);
            case IFieldSymbol or IPropertySymbol:
                return ComputeFieldWrites(member);
            default:
                return MemberWrites.Unknown;
        }
    }

    private static bool IsComputed(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax declaration)
            {
                if (declaration.ExpressionBody is not null)
                {
                    return true;
                }

                if (declaration.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (accessor.Body is not null || accessor.ExpressionBody is not null)
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private MemberWrites ComputeFieldWrites(ISymbol member)
    {
        var values = ImmutableArray.CreateBuilder<IOperation>();
        var complete = true;
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax())
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    if (Models.GetOperation(initializer) is IFieldInitializerOperation { Value: { } fieldValue })
                    {
                        values.Add(fieldValue);
                    }

                    break;
                case PropertyDeclarationSyntax { Initializer: { } propertyInitializer }:
                    if (Models.GetOperation(propertyInitializer) is IPropertyInitializerOperation { Value: { } propertyValue })
                    {
                        values.Add(propertyValue);
                    }

                    break;
                case ParameterSyntax positional when Models.GetDeclaredSymbol(positional) is IParameterSymbol recordParameter:
                    // record R(bool Validate): the property is initialised from the primary constructor's parameter.
                    var passed = WritesOf(recordParameter);
                    values.AddRange(passed.Values);
                    complete &= passed.IsComplete;
                    break;
            }
        }

        foreach (var node in Index.WritesOf(member.Name))
        {
            var operation = Models.GetOperation(node);
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment when Refers(assignment.Target, member):
                    values.Add(assignment.Value);
                    break;
                case ICoalesceAssignmentOperation coalesce when Refers(coalesce.Target, member):
                    values.Add(coalesce.Value);
                    break;
                case ICompoundAssignmentOperation compound when Refers(compound.Target, member):
                    complete = false;
                    break;
                case IIncrementOrDecrementOperation increment when Refers(increment.Target, member):
                    complete = false;
                    break;
                case IArgumentOperation argument when Refers(argument.Value, member):
                    complete = false;
                    break;
                case IDeconstructionAssignmentOperation deconstruction when ContainsReference(deconstruction.Target, member):
                    complete = false;
                    break;
                case null when node is ArgumentSyntax:
                    // a ref/out argument whose operation is reached through its invocation.
                    if (node.Parent?.Parent is { } call && Models.GetOperation(call) is { } callOperation && ContainsRefArgument(callOperation, member))
                    {
                        complete = false;
                    }

                    break;
            }
        }

        foreach (var node in Index.WritesOf("(tuple)"))
        {
            if (Models.GetOperation(node) is IDeconstructionAssignmentOperation deconstruction && ContainsReference(deconstruction.Target, member))
            {
                complete = false;
            }
        }

        return new MemberWrites(values.ToImmutable(), complete);
    }

    private static bool ContainsRefArgument(IOperation call, ISymbol member)
    {
        foreach (var operation in call.DescendantsAndSelf())
        {
            if (operation is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument && Refers(argument.Value, member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsReference(IOperation operation, ISymbol member)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (Refers(descendant, member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> is a reference to <paramref name="member"/> (a field, property, local or parameter).</summary>
    public static bool Refers(IOperation? operation, ISymbol member)
    {
        var symbol = operation is null ? null : Unwrap(operation) switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member.OriginalDefinition))
        {
            return true;
        }

        // An override of a source property writes the same slot.
        for (var overridden = (symbol as IPropertySymbol)?.OverriddenProperty; overridden is not null; overridden = overridden.OverriddenProperty)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private MemberWrites ComputeParameterWrites(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method
            || method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LambdaMethod
            || parameter.RefKind is RefKind.Out or RefKind.Ref)
        {
            return MemberWrites.Unknown;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        var sites = CallSitesOf(method);
        foreach (var site in sites)
        {
            if (ArgumentFor(site, parameter) is { } argument)
            {
                values.Add(argument);
            }
        }

        // Overridable or interface-implementing methods are called through the base member too; methods used as
        // delegates (method groups) are called by whoever holds the delegate.
        var complete = !sites.IsEmpty
                       && !method.IsVirtual && !method.IsOverride && !method.IsAbstract
                       && method.ExplicitInterfaceImplementations.IsEmpty
                       && !IsInterfaceImplementation(method)
                       && !IsUsedAsDelegate(method)
                       && !parameter.IsParams;
        return new MemberWrites(values.ToImmutable(), complete);
    }

    private static bool IsInterfaceImplementation(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            foreach (var member in implemented.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsUsedAsDelegate(IMethodSymbol method)
    {
        foreach (var node in Index.IdentifiersNamed(method.Name))
        {
            if (node.Parent is InvocationExpressionSyntax || (node.Parent is MemberAccessExpressionSyntax access && access.Name == node && access.Parent is InvocationExpressionSyntax))
            {
                continue;
            }

            if (node.Parent is MethodDeclarationSyntax)
            {
                continue;
            }

            if (Models.Get(node.SyntaxTree)?.GetSymbolInfo(node).Symbol is IMethodSymbol referenced
                && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, method.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every invocation (or object creation, for a constructor) of <paramref name="method"/> in the compilation. Cached.</summary>
    public ImmutableArray<IOperation> CallSitesOf(IMethodSymbol method)
        => _callSites.GetOrAdd((method.ReducedFrom ?? method).OriginalDefinition, ComputeCallSites);

    private ImmutableArray<IOperation> ComputeCallSites(IMethodSymbol method)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        var nodes = method.MethodKind == MethodKind.Constructor
            ? Index.CreationsOf(method.ContainingType.Name)
            : Index.InvocationsOf(method.Name);
        foreach (var node in nodes)
        {
            var operation = Models.GetOperation(node);
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (target is not null && SymbolEqualityComparer.Default.Equals((target.ReducedFrom ?? target).OriginalDefinition, method))
            {
                builder.Add(operation!);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The summary of a source method: the values it returns (expression bodies, <c>return</c> statements outside
    /// lambdas and local functions, <c>yield return</c>). Incomplete when the method has no body here or may be
    /// overridden. Cached per method.
    /// </summary>
    public MemberWrites ReturnsOf(IMethodSymbol method)
        => _returns.GetOrAdd((method.ReducedFrom ?? method).OriginalDefinition, ComputeReturns);

    private MemberWrites ComputeReturns(IMethodSymbol method)
    {
        if (BodyOf(method) is not { } body)
        {
            return MemberWrites.Unknown;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && !IsInsideNestedFunction(operation, body))
            {
                values.Add(returned);
            }
        }

        var complete = !(method.IsVirtual || method.IsAbstract || (method.IsOverride && !method.IsSealed));
        return new MemberWrites(values.ToImmutable(), complete);
    }

    /// <summary>The operation of a source method's body (block or expression body), or null.</summary>
    public IOperation? BodyOf(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (method.IsAbstract || method.IsExtern)
        {
            return null;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is ArrowExpressionClauseSyntax or AccessorDeclarationSyntax or BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
                && Models.GetOperation(syntax) is { } operation)
            {
                return operation;
            }
        }

        return null;
    }

    private static bool IsInsideNestedFunction(IOperation operation, IOperation body)
    {
        for (var parent = operation.Parent; parent is not null && !ReferenceEquals(parent, body); parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The source implementations of an interface or abstract/virtual method (a storage wrapper called through its
    /// interface): methods of the same name declared in the compilation that implement or override it. Not cached:
    /// callers cache what they derive from it.
    /// </summary>
    public ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var node in Index.DeclarationsOf(method.Name))
        {
            if (Models.GetDeclaredSymbol(node) is not IMethodSymbol candidate || SymbolEqualityComparer.Default.Equals(candidate, method))
            {
                continue;
            }

            if (candidate.IsOrImplements(method))
            {
                builder.Add(candidate);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Every read of a field or property in the compilation (references that are not the target of a write). Cached.</summary>
    public ImmutableArray<IOperation> ReadsOf(ISymbol member) => _reads.GetOrAdd(member.OriginalDefinition, ComputeReads);

    private ImmutableArray<IOperation> ComputeReads(ISymbol member)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var node in Index.IdentifiersNamed(member.Name))
        {
            var syntax = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node;
            if (Models.GetOperation(syntax) is { } operation
                && Refers(operation, member)
                && !(operation.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, operation)))
            {
                builder.Add(operation);
            }
        }

        return builder.ToImmutable();
    }

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

    // ------------------------------------------------------------------ where a value goes

    /// <summary>
    /// The operations that consume the value of <paramref name="operation"/>: it is followed through conversions,
    /// <c>?:</c>/<c>??</c>/switch arms, <c>await</c>, locals, fields and properties (every read in the compilation),
    /// <c>return</c> (to every caller) and arguments of source methods (to the parameter's uses in the callee). A
    /// consumer for which <paramref name="propagates"/> is true (a member read of the value, a string built from it,
    /// a serialisation) is followed in turn, as a value derived from the first.
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

                case IReturnOperation returned when depth < MaxDepth && EnclosingMethod(returned) is { } method && IsFollowable(method):
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
