using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.BrowserStorage;

/// <summary>
/// Writes to browser storage, recognised by symbol: JS interop (<see cref="JsInteropWrites"/>) to
/// <c>localStorage</c>/<c>sessionStorage</c>, Blazored.LocalStorage / Blazored.SessionStorage <c>SetItem*</c> (through
/// the interfaces or a class implementing them), <c>ProtectedLocalStorage.SetAsync</c>; and the project's own storage
/// wrappers: the methods that (directly, or through further wrappers, within <see cref="MaxWrapperDepth"/> levels)
/// contain such a write, plus the interface and base methods they implement. One instance per compilation
/// (<see cref="Get"/>); the wrapper set is computed once, on first use, from the flow engine's syntax index.
/// </summary>
internal sealed class BrowserStorageWrites
{
    /// <summary>How many levels of wrappers around a write are followed.</summary>
    public const int MaxWrapperDepth = 3;

    private static readonly ConditionalWeakTable<Compilation, BrowserStorageWrites> s_cache = new();

    private readonly Compilation _compilation;
    private readonly BrowserStorageSymbols _symbols;
    private readonly Lazy<ImmutableDictionary<IMethodSymbol, string>> _wrappers;

    private BrowserStorageWrites(Compilation compilation)
    {
        _compilation = compilation;
        _symbols = KnownSymbols.Get(compilation).BrowserStorage;
        JsInterop = JsInteropWrites.Create(compilation);
        _wrappers = new Lazy<ImmutableDictionary<IMethodSymbol, string>>(ComputeWrappers, LazyThreadSafetyMode.ExecutionAndPublication);
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
        if (JsInterop?.Classify(invocation) is { Kind: BrowserWriteKind.LocalStorage or BrowserWriteKind.SessionStorage } write)
        {
            var storage = write.Kind == BrowserWriteKind.LocalStorage ? "localStorage" : "sessionStorage";
            return new StorageWrite(invocation, StorageApi.JsInterop, storage, write.Key, write.KeyText, write.Value, write);
        }

        var method = invocation.TargetMethod;
        if (BlazoredService(method) is { } service)
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

    /// <summary>The Blazored service whose write method <paramref name="method"/> is (or implements), or null.</summary>
    private INamedTypeSymbol? BlazoredService(IMethodSymbol method)
    {
        if (_symbols.Blazored.IsEmpty)
        {
            return null;
        }

        var original = method.OriginalDefinition;
        if (_symbols.BlazoredWriteMethods.Contains(original))
        {
            return original.ContainingType;
        }

        // A class implementing the services (LocalStorageService): the name is only a prefilter before the symbol test.
        if (method.IsStatic || BrowserStorageSymbols.BlazoredWriteNames.IndexOf(method.Name) < 0 || !method.ContainingType.IsOrInheritsFromAny(_symbols.Blazored))
        {
            return null;
        }

        foreach (var contract in _symbols.BlazoredWriteMethods)
        {
            if (method.IsOrImplements(contract))
            {
                return contract.ContainingType;
            }
        }

        return null;
    }

    private static IOperation? Argument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal && !argument.IsImplicit)
            {
                return argument.Value;
            }
        }

        return null;
    }

    // ------------------------------------------------------------------ storage wrappers

    /// <summary>
    /// True when <paramref name="method"/> (an original definition) is a project method that may hand a parameter to a
    /// storage write (directly or through further wrappers), or an interface/base method one of those implements.
    /// A cheap set lookup: the gate before any flow query at a call site. <paramref name="storage"/> names the storage.
    /// </summary>
    public bool IsWrapperCandidate(IMethodSymbol method, out string storage)
    {
        if (_wrappers.Value.TryGetValue(method, out var found))
        {
            storage = found;
            return true;
        }

        storage = string.Empty;
        return false;
    }

    private ImmutableDictionary<IMethodSymbol, string> ComputeWrappers()
    {
        var flow = ValueFlow.Get(_compilation);
        var result = new Dictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);
        var work = new Queue<(IMethodSymbol Method, int Depth)>();

        void Add(IMethodSymbol method, string storage, int depth)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (!method.IsInSource() || result.ContainsKey(method))
            {
                return;
            }

            result.Add(method, storage);
            work.Enqueue((method, depth));

            // Called through the interface or the base method it implements: those are candidates too.
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (overridden.IsInSource())
                {
                    result[overridden.OriginalDefinition] = storage;
                }
            }

            if (method.ContainingType is { } type)
            {
                foreach (var implemented in method.ExplicitInterfaceImplementations)
                {
                    if (implemented.IsInSource())
                    {
                        result[implemented.OriginalDefinition] = storage;
                    }
                }

                foreach (var contract in type.AllInterfaces)
                {
                    if (!contract.IsInSource())
                    {
                        continue;
                    }

                    foreach (var member in contract.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol contractMethod
                            && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method))
                        {
                            result[contractMethod.OriginalDefinition] = storage;
                        }
                    }
                }
            }
        }

        // Level 0: the methods that contain a write (names only pick the nodes to bind; the decision is by symbol).
        foreach (var names in new[] { BrowserStorageSymbols.JsInteropInvokeNames, BrowserStorageSymbols.JsInteropSetValueNames, BrowserStorageSymbols.BlazoredWriteNames })
        {
            foreach (var name in names)
            {
                foreach (var node in flow.Index.InvocationsOf(name))
                {
                    if (flow.Models.GetOperation(node) is IInvocationOperation invocation
                        && Classify(invocation, includeProtectedLocalStorage: false) is { } write
                        && flow.EnclosingMethod(invocation) is { } enclosing)
                    {
                        Add(enclosing, write.Storage, 0);
                    }
                }
            }
        }

        // Further levels: the methods that call a wrapper.
        while (work.Count > 0)
        {
            var (method, depth) = work.Dequeue();
            if (depth >= MaxWrapperDepth || method.Parameters.IsEmpty)
            {
                continue;
            }

            var storage = result[method];
            foreach (var site in flow.CallSitesOf(method))
            {
                if (flow.EnclosingMethod(site) is { Parameters.IsEmpty: false } caller)
                {
                    Add(caller, storage, depth + 1);
                }
            }
        }

        return result.ToImmutableDictionary(SymbolEqualityComparer.Default);
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

        if (write.Api == StorageApi.JsInterop && argument.Parameter?.Type is { } parameterType && !(parameterType.SpecialType == SpecialType.System_Object || parameterType is IArrayTypeSymbol))
        {
            return false; // The identifier, a CancellationToken or a timeout.
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
