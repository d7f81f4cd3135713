using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.BrowserStorage;

/// <summary>
/// Writes to browser storage, recognised by symbol: JS interop (<see cref="JsInteropWrites"/>) to
/// <c>localStorage</c>/<c>sessionStorage</c>, Blazored.LocalStorage / Blazored.SessionStorage <c>SetItem*</c> (through
/// the interfaces or a class implementing them), <c>ProtectedLocalStorage.SetAsync</c>; and the project's own storage
/// wrappers (<see cref="WrapperStorage"/>), summarised lazily per method called. One instance per compilation
/// (<see cref="Get"/>).
/// </summary>
internal sealed class BrowserStorageWrites
{
    /// <summary>How many levels of wrappers around a write are followed.</summary>
    public const int MaxWrapperDepth = 2;

    private static readonly ConditionalWeakTable<Compilation, BrowserStorageWrites> s_cache = new();

    private readonly Compilation _compilation;
    private readonly BrowserStorageSymbols _symbols;
    private static readonly HashSet<string> s_writeNames = new(
        BrowserStorageSymbols.JsInteropInvokeNames.AddRange(BrowserStorageSymbols.JsInteropSetValueNames).AddRange(BrowserStorageSymbols.BlazoredWriteNames),
        StringComparer.Ordinal);

    private readonly ConcurrentDictionary<IMethodSymbol, string?> _wrappers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<INamedTypeSymbol>> _derived = new(SymbolEqualityComparer.Default);
    private readonly Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>> _subtypes;
    private readonly ConcurrentDictionary<string, bool> _declaredNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IMethodSymbol, (string? Storage, bool PassesOn)> _direct = new(SymbolEqualityComparer.Default);

    /// <summary>The options of the analysis (the same for the whole compilation): the token-likeness of a write's file.</summary>
    private (Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions Options, string RuleId)? _options;

    private BrowserStorageWrites(Compilation compilation)
    {
        _compilation = compilation;
        _symbols = KnownSymbols.Get(compilation).BrowserStorage;
        JsInterop = JsInteropWrites.Create(compilation);
        _subtypes = new Lazy<Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>>(ComputeSubtypes, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The shared instance of <paramref name="compilation"/>.</summary>
    public static BrowserStorageWrites Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new BrowserStorageWrites(c));

    /// <summary>The JS interop recogniser, or null when Microsoft.JSInterop is not referenced.</summary>
    public JsInteropWrites? JsInterop { get; }

    /// <summary>True when a storage API (JS interop, Blazored, ProtectedLocalStorage) is referenced.</summary>
    public bool IsPresent => _symbols.IsPresent;

    /// <summary>
    /// The storage write <paramref name="invocation"/> performs, or null. <c>ProtectedLocalStorage</c> writes only when
    /// <paramref name="includeProtectedLocalStorage"/>.
    /// </summary>
    public StorageWrite? Classify(IInvocationOperation invocation, bool includeProtectedLocalStorage)
    {
        // Every storage write API is named one of these: a prefilter only (the symbols below decide), so most
        // invocations of a project cost one hash lookup.
        if (!s_writeNames.Contains(invocation.TargetMethod.Name) && !(includeProtectedLocalStorage && invocation.TargetMethod.Name == "SetAsync"))
        {
            return null;
        }

        if (JsInterop?.Classify(invocation) is { Kind: BrowserWriteKind.LocalStorage or BrowserWriteKind.SessionStorage } write)
        {
            var storage = write.Kind == BrowserWriteKind.LocalStorage ? "localStorage" : "sessionStorage";
            return new StorageWrite(invocation, StorageApi.JsInterop, storage, write.Key, write.KeyText, write.Value, write);
        }

        var method = invocation.TargetMethod;
        if (StorageCalls.BlazoredService(method, _symbols, StorageCallKind.Write) is { } service)
        {
            var key = Argument(invocation, 0);
            var storage = service.IsOrInheritsFromAny(_symbols.BlazoredSession) ? "sessionStorage" : "localStorage";
            return new StorageWrite(invocation, StorageApi.Blazored, storage, key, key is null ? null : ConstantValues.String(key), Argument(invocation, 1), jsWrite: null);
        }

        if (includeProtectedLocalStorage
            && _symbols.ProtectedLocalStorage is { } protectedLocal
            && _symbols.ProtectedBrowserStorageSetMethods.Contains(method.OriginalDefinition)
            && (method.ContainingType.IsOrInheritsFrom(protectedLocal) || invocation.Instance?.Type.IsOrInheritsFrom(protectedLocal) == true))
        {
            // SetAsync(key, value) and SetAsync(purpose, key, value): the key is the last string before the value.
            var count = method.Parameters.Length;
            var key = Argument(invocation, count - 2);
            return new StorageWrite(invocation, StorageApi.ProtectedLocalStorage, "ProtectedLocalStorage (persisted in the browser)", key, key is null ? null : ConstantValues.String(key), Argument(invocation, count - 1), jsWrite: null);
        }

        return null;
    }

    private static IOperation? Argument(IInvocationOperation invocation, int ordinal) => StorageCalls.Argument(invocation, ordinal);

    private int _hasDirectWrites = -1;

    /// <summary>
    /// False when no method of the compilation can write browser storage itself (JS interop or Blazored): then no project
    /// method can be a storage wrapper at any depth, and no call needs the wrapper analysis. Decided once per compilation
    /// from the text alone (no file is indexed or bound): a JS interop write names <c>localStorage</c> or
    /// <c>sessionStorage</c> in a string somewhere in the project, and a Blazored write calls one of its <c>SetItem*</c> methods.
    /// </summary>
    public bool HasDirectWrites
    {
        get
        {
            if (_hasDirectWrites < 0)
            {
                _hasDirectWrites = ComputeHasDirectWrites() ? 1 : 0;
            }

            return _hasDirectWrites == 1;
        }
    }

    private HashSet<string>? _wrapperNames;

    /// <summary>
    /// False when no project method called <paramref name="method"/>'s name can be a storage wrapper: the gate before
    /// any body of a called method is read. A wrapper at depth <c>d</c> calls, by name, a storage write (<c>d = 0</c>)
    /// or a wrapper at depth <c>d - 1</c>; so the names of the methods (and local functions) that contain such a call,
    /// level by level up to <see cref="MaxWrapperDepth"/>, are the only names a wrapper can have (an implementation or
    /// an override has the name of the interface or virtual method it implements, so that call passes too). Found once
    /// per compilation from the text (<see cref="SyntaxIndex.TokensSpelling"/>), nothing bound. A JS interop write
    /// names <c>localStorage</c> or <c>sessionStorage</c> in its method, or through a field or property whose value
    /// spells it, or through a method that returns it (a level below); a Blazored write calls one of its
    /// <c>SetItem*</c> methods. A prefilter: the summaries below decide by symbol.
    /// </summary>
    public bool MayBeWrapper(IMethodSymbol method)
    {
        var names = Volatile.Read(ref _wrapperNames);
        if (names is null)
        {
            names = ComputeWrapperNames();
            Interlocked.CompareExchange(ref _wrapperNames, names, null);
        }

        return names.Contains(method.Name);
    }

    private HashSet<string> ComputeWrapperNames()
    {
        var index = ValueFlow.Get(_compilation).Index;
        var names = new HashSet<string>(StringComparer.Ordinal);

        // Level 0: the methods whose text spells a storage word (or a constant that holds one) or a Blazored write
        // name. A superset of the methods that write (one that only reads localStorage is in it too): only the text is
        // searched, at the places it spells the word.
        var level = new List<string>();
        if (JsInterop is not null)
        {
            var words = new List<string>(s_storageWords);
            for (var i = 0; i < words.Count; i++)
            {
                foreach (var token in index.TokensSpelling(words[i]))
                {
                    AddEnclosingMethods(token, names, level);

                    // const string SetItem = "localStorage.setItem", static string Store => "localStorage.setItem": the
                    // member's name is spelled where it is used.
                    if (i < s_storageWords.Length && MemberHolding(token) is { } member && !words.Contains(member))
                    {
                        words.Add(member);
                    }
                }
            }
        }

        if (!_symbols.Blazored.IsEmpty)
        {
            foreach (var written in BrowserStorageSymbols.BlazoredWriteNames)
            {
                foreach (var token in index.TokensSpelling(written))
                {
                    AddEnclosingMethods(token, names, level);
                }
            }
        }

        // Levels 1 and 2: the methods that spell the name of a method of the level below (a call, a method group).
        for (var depth = 1; depth <= MaxWrapperDepth && level.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var called in level)
            {
                foreach (var token in index.TokensSpelling(called))
                {
                    AddEnclosingMethods(token, names, next);
                }
            }

            level = next;
        }

        return names;
    }

    private static readonly string[] s_storageWords = { "localStorage", "sessionStorage" };

    /// <summary>
    /// The field or property outside any method whose value <paramref name="token"/> is part of (an initializer, an
    /// expression body or a getter), or null.
    /// </summary>
    private static string? MemberHolding(SyntaxToken token)
    {
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax:
                    return null;
                case VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } field:
                    return field.Identifier.ValueText;
                case PropertyDeclarationSyntax property:
                    return property.Identifier.ValueText;
            }
        }

        return null;
    }

    /// <summary>The names of the methods and local functions around <paramref name="token"/>, new ones added to <paramref name="added"/>.</summary>
    private static void AddEnclosingMethods(SyntaxToken token, HashSet<string> names, List<string> added)
    {
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            var declared = node switch
            {
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                _ => null,
            };
            if (declared is not null && names.Add(declared))
            {
                added.Add(declared);
            }
        }
    }

    private bool ComputeHasDirectWrites()
    {
        var index = ValueFlow.Get(_compilation).Index;
        return (JsInterop is not null && (index.AnyTextContains("localStorage") || index.AnyTextContains("sessionStorage")))
               || (!_symbols.Blazored.IsEmpty && BrowserStorageSymbols.BlazoredWriteNames.Any(index.AnyTextContains));
    }

    // ------------------------------------------------------------------ storage wrappers

    /// <summary>
    /// The storage a project method may write to with what its callers pass (<c>localStorage</c>, ...), or null: the
    /// gate before any flow query at a call site. A method qualifies when its body contains a storage write (its
    /// invocations are picked by name from the syntax and then bound and classified by symbol), or hands one of its
    /// parameters on to a method that qualifies (within <see cref="MaxWrapperDepth"/> levels); an interface, abstract or
    /// virtual method qualifies through its implementations in the compilation. Cached per method.
    /// </summary>
    public string? WrapperStorage(IMethodSymbol method)
        => WrapperStorage((method.ReducedFrom ?? method).OriginalDefinition, 0, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), out _);

    /// <summary>
    /// The storage <paramref name="method"/> (or, for an interface, abstract or virtual method, one of its implementations)
    /// writes in its own body, or null: the first, cheapest level of <see cref="WrapperStorage"/> (a walk of the body's
    /// syntax; only invocations named like a storage API are bound). <paramref name="passesOn"/> tells whether the body
    /// passes a parameter on to a method named like one the compilation declares (a wrapper of a wrapper is possible).
    /// Cached per method.
    /// </summary>
    public string? DirectWriteStorage(IMethodSymbol method, Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, string ruleId, out bool passesOn)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        _options ??= (options, ruleId);
        if (_direct.TryGetValue(method, out var known))
        {
            passesOn = known.PassesOn;
            return known.Storage;
        }

        var summary = _direct.GetOrAdd(method, m =>
        {
            if (m.IsAbstract || m.IsVirtual || m.IsOverride || m.ContainingType?.TypeKind == TypeKind.Interface)
            {
                var any = false;
                foreach (var implementation in ImplementationsOf(m))
                {
                    var (storage, passes) = BodySummary(implementation);
                    if (storage is not null)
                    {
                        return (storage, passes);
                    }

                    any |= passes;
                }

                return (null, any);
            }

            return BodySummary(m);
        });
        passesOn = summary.PassesOn;
        return summary.Storage;
    }

    private (string? Storage, bool PassesOn) BodySummary(IMethodSymbol method)
    {
        var flow = ValueFlow.Get(_compilation);
        var passesOn = false;
        HashSet<string>? parameterNames = null;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax call || SyntaxIndex.RightmostName(call.Expression) is not { } name)
                {
                    continue;
                }

                if (s_writeNames.Contains(name))
                {
                    // A write already reported by itself (its key or value is a token) adds nothing at the callers.
                    if (flow.Models.GetOperation(call) is IInvocationOperation invocation && Classify(invocation, includeProtectedLocalStorage: false) is { } write
                        && (_options is not { } options || !write.InvolvesToken(TokenLikeness.For(options.Options, call.SyntaxTree, options.RuleId))))
                    {
                        return (write.Storage, passesOn);
                    }

                    continue;
                }

                if (!passesOn)
                {
                    parameterNames ??= ParameterNames(method);
                    passesOn = parameterNames.Count > 0 && PassesParameter(call, parameterNames) && DeclaresMember(name);
                }
            }
        }

        return (null, passesOn);
    }

    /// <param name="active">The methods being summarised on this thread (a recursion is not a wrapper through itself).</param>
    /// <param name="cut">Set when the answer depended on a recursion that was cut: a negative answer is then not cached.</param>
    private string? WrapperStorage(IMethodSymbol method, int depth, HashSet<IMethodSymbol> active, out bool cut)
    {
        cut = false;
        if (_wrappers.TryGetValue(method, out var cached))
        {
            return cached;
        }

        if (!method.IsInSource())
        {
            return null;
        }

        if (depth > MaxWrapperDepth || !active.Add(method))
        {
            cut = true;
            return null;
        }

        string? storage = null;
        if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface)
        {
            foreach (var implementation in ImplementationsOf(method))
            {
                if (SymbolEqualityComparer.Default.Equals(implementation, method))
                {
                    continue;
                }

                storage = WrapperStorage(implementation, depth + 1, active, out var innerCut);
                cut |= innerCut;
                if (storage is not null)
                {
                    break;
                }
            }
        }

        if (storage is null)
        {
            storage = BodyWrapperStorage(method, depth, active, out var bodyCut);
            cut |= bodyCut;
        }

        active.Remove(method);

        // The answer of a top-level summary is final (the depth limit is the rule's); a nested negative that a
        // recursion or the depth limit cut short is not cached, so a direct call of that method summarises it fully.
        if (storage is not null || !cut || depth == 0)
        {
            _wrappers[method] = storage;
        }

        return storage;
    }

    private string? BodyWrapperStorage(IMethodSymbol method, int depth, HashSet<IMethodSymbol> active, out bool cut)
    {
        cut = false;
        var flow = ValueFlow.Get(_compilation);
        List<InvocationExpressionSyntax>? passOn = null;
        HashSet<string>? parameterNames = null;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax call || SyntaxIndex.RightmostName(call.Expression) is not { } name)
                {
                    continue;
                }

                // A write: picked by name, bound and classified by symbol.
                if (s_writeNames.Contains(name))
                {
                    if (flow.Models.GetOperation(call) is IInvocationOperation invocation && Classify(invocation, includeProtectedLocalStorage: false) is { } write)
                    {
                        return write.Storage;
                    }

                    continue;
                }

                // A call that may pass a parameter on to another method of the project (a wrapper of a wrapper): only
                // names the compilation declares as members (the declaration table answers without binding).
                parameterNames ??= ParameterNames(method);
                if (parameterNames.Count > 0 && PassesParameter(call, parameterNames) && DeclaresMember(name))
                {
                    (passOn ??= new List<InvocationExpressionSyntax>()).Add(call);
                }
            }
        }

        if (passOn is null || depth >= MaxWrapperDepth)
        {
            cut = passOn is not null;
            return null;
        }

        foreach (var call in passOn)
        {
            if (flow.Models.Get(call.SyntaxTree)?.GetSymbolInfo(call).Symbol is IMethodSymbol target)
            {
                var through = WrapperStorage((target.ReducedFrom ?? target).OriginalDefinition, depth + 1, active, out var innerCut);
                cut |= innerCut;
                if (through is not null)
                {
                    return through;
                }
            }
        }

        return null;
    }

    private bool DeclaresMember(string name)
        => _declaredNames.GetOrAdd(name, n => _compilation.ContainsSymbolsWithName(n, SymbolFilter.Member));

    private static HashSet<string> ParameterNames(IMethodSymbol method)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            names.Add(parameter.Name);
        }

        return names;
    }

    private static bool PassesParameter(InvocationExpressionSyntax call, HashSet<string> parameterNames)
    {
        foreach (var argument in call.ArgumentList.Arguments)
        {
            foreach (var identifier in argument.Expression.DescendantNodesAndSelf())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: var text } && parameterNames.Contains(text))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The source methods that implement or override <paramref name="method"/>, found through the compilation's source
    /// types (the symbol table, no syntax walk); cached per containing type.
    /// </summary>
    public ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol method)
    {
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        if (!method.IsAbstract && method.ContainingType?.TypeKind != TypeKind.Interface)
        {
            builder.Add(method);
        }

        if (method.ContainingType is not { } contract)
        {
            return builder.ToImmutable();
        }

        foreach (var type in _derived.GetOrAdd(contract, DerivedTypes))
        {
            var implementation = contract.TypeKind == TypeKind.Interface
                ? type.FindImplementationForInterfaceMember(method) as IMethodSymbol
                : Overrider(type, method);
            if (implementation is not null && implementation.IsInSource() && !implementation.IsAbstract
                && builder.IndexOf(implementation.OriginalDefinition, 0, builder.Count, SymbolEqualityComparer.Default) < 0)
            {
                builder.Add(implementation.OriginalDefinition);
            }
        }

        return builder.ToImmutable();
    }

    private static IMethodSymbol? Overrider(INamedTypeSymbol type, IMethodSymbol method)
    {
        foreach (var member in type.GetMembers(method.Name))
        {
            for (var current = member as IMethodSymbol; current is not null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, method))
                {
                    return (IMethodSymbol)member;
                }
            }
        }

        return null;
    }

    private ImmutableArray<INamedTypeSymbol> DerivedTypes(INamedTypeSymbol contract)
        => _subtypes.Value.TryGetValue(contract.OriginalDefinition, out var types) ? types.ToImmutableArray() : ImmutableArray<INamedTypeSymbol>.Empty;

    /// <summary>Every source class or struct of the compilation under each of its base types and interfaces (one walk of the symbol table).</summary>
    private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> ComputeSubtypes()
    {
        var map = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
        void Add(INamedTypeSymbol key, INamedTypeSymbol type)
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = new List<INamedTypeSymbol>();
                map.Add(key, list);
            }

            list.Add(type);
        }

        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(_compilation.Assembly.GlobalNamespace);
        while (stack.Count > 0)
        {
            foreach (var member in stack.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    stack.Push(ns);
                    continue;
                }

                if (member is not INamedTypeSymbol type)
                {
                    continue;
                }

                stack.Push(type);
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
                {
                    continue;
                }

                foreach (var implemented in type.AllInterfaces)
                {
                    if (implemented.IsInSource())
                    {
                        Add(implemented.OriginalDefinition, type);
                    }
                }

                for (var baseType = type.BaseType; baseType is not null && baseType.IsInSource(); baseType = baseType.BaseType)
                {
                    Add(baseType.OriginalDefinition, type);
                }
            }
        }

        return map;
    }

    /// <summary>
    /// True when a use found by <see cref="ValueFlow.SinksOf"/> is the key or value argument of a storage write that is
    /// not already reported by itself (its own key or value is not a token): the wrapper's callers are then where the
    /// token is chosen. <paramref name="options"/> give the token-likeness of the write's file.
    /// </summary>
    public bool IsWrappedWrite(IOperation use, Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, string ruleId)
    {
        var argument = use switch
        {
            IArgumentOperation direct => direct,
            IArrayInitializerOperation { Parent: IArrayCreationOperation { Parent: IArgumentOperation holder } } => holder,
            _ => null,
        };
        if (argument?.Parent is not IInvocationOperation invocation || Classify(invocation, includeProtectedLocalStorage: false) is not { } write)
        {
            return false;
        }

        if (write.Api == StorageApi.Blazored && argument.Parameter?.Ordinal is not (0 or 1))
        {
            return false;
        }

        // JS interop: the arguments passed to the function (args) or the value assigned (SetValueAsync's value); not the
        // identifier, a CancellationToken or a timeout. Parameters of the methods recognised by symbol above.
        if (write.Api == StorageApi.JsInterop && argument.Parameter?.Name is not ("args" or "value"))
        {
            return false;
        }

        return !write.InvolvesToken(TokenLikeness.For(options, invocation.Syntax.SyntaxTree, ruleId));
    }

    /// <summary>
    /// For <see cref="ValueFlow.SinksOf"/>: the consumers through which a wrapper's parameter still is the stored value:
    /// a serialisation (<c>JsonSerializer.Serialize(value)</c>), a string built from it (concatenation, interpolation,
    /// <c>string.Concat</c>/<c>Format</c>/<c>Join</c>), <c>ToString()</c>.
    /// </summary>
    public bool Propagates(IOperation consumer)
    {
        switch (consumer)
        {
            case IArgumentOperation { Parent: IInvocationOperation call }:
                return TokenCarriers.IsSerialization(call.TargetMethod, KnownSymbols.Get(_compilation))
                    || (call.TargetMethod.IsStatic && call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String && call.Type?.SpecialType == SpecialType.System_String);
            case IInterpolationOperation or IInterpolatedStringOperation:
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return binary.Type?.SpecialType == SpecialType.System_String;
            case IInvocationOperation { Instance: not null, Arguments.IsEmpty: true } call:
                return call.Type?.SpecialType == SpecialType.System_String && IsToString(call.TargetMethod);
            default:
                return false;
        }
    }

    private static bool IsToString(IMethodSymbol method)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (current.ContainingType?.SpecialType == SpecialType.System_Object)
            {
                return true;
            }
        }

        return false;
    }
}
