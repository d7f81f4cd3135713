using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.BrowserStorage;

/// <summary>Which API wrote to browser storage.</summary>
internal enum StorageApi
{
    JsInterop,
    Blazored,
    ProtectedLocalStorage,
}

/// <summary>What a Web Storage call does to an item.</summary>
internal enum StorageCallKind
{
    Write,
    Read,
    Remove,
}

/// <summary>The kind of JS interop method a call is (by symbol).</summary>
internal enum JsInteropCall
{
    None,

    /// <summary><c>InvokeVoidAsync</c>/<c>InvokeAsync</c>/<c>Invoke</c>...: calls a JavaScript function by identifier.</summary>
    Invoke,

    /// <summary>.NET 10 <c>SetValueAsync</c>/<c>SetValue</c>: assigns a JavaScript property by identifier.</summary>
    SetValue,
}

/// <summary>One call that writes, reads or removes a Web Storage item: the API, the storage, its key and value arguments.</summary>
internal sealed class StorageCall
{
    public StorageCall(IInvocationOperation invocation, StorageCallKind kind, StorageApi api, string storage, IOperation? key, IOperation? value)
    {
        Invocation = invocation;
        Kind = kind;
        Api = api;
        Storage = storage;
        Key = key;
        Value = value;
    }

    public IInvocationOperation Invocation { get; }

    public StorageCallKind Kind { get; }

    public StorageApi Api { get; }

    /// <summary><c>localStorage</c> or <c>sessionStorage</c>.</summary>
    public string Storage { get; }

    /// <summary>The key argument (for JS interop: the first JavaScript argument).</summary>
    public IOperation? Key { get; }

    /// <summary>The value argument of a write (for JS interop: the second JavaScript argument).</summary>
    public IOperation? Value { get; }
}

/// <summary>
/// The Web Storage calls of JS interop (<c>InvokeVoidAsync("localStorage.setItem", key, value)</c>, <c>getItem</c>,
/// <c>removeItem</c>, with or without <c>window.</c>) and of Blazored.LocalStorage / Blazored.SessionStorage
/// (<c>SetItem*</c>, <c>GetItemAsString*</c>, <c>RemoveItem*</c>, through the interfaces or a class implementing them),
/// recognised by symbol. Shared by the JWT011 analyzer (<see cref="BrowserStorageWrites"/>, <see cref="JsInteropWrites"/>)
/// and its code fix (linked into the fix assembly), so the two cannot disagree about what a call does.
/// </summary>
internal static class StorageCalls
{
    /// <summary>The Web Storage call <paramref name="invocation"/> is, or null.</summary>
    public static StorageCall? Classify(IInvocationOperation invocation, BrowserStorageSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (JsKind(method, symbols) == JsInteropCall.Invoke)
        {
            if (JsIdentifier(invocation) is not { } identifier)
            {
                return null;
            }

            var dot = identifier.IndexOf('.');
            var storage = dot < 0 ? string.Empty : identifier.Substring(0, dot);
            if (storage is not ("localStorage" or "sessionStorage"))
            {
                return null;
            }

            var args = JsArguments(invocation);
            StorageCallKind? kind = identifier.Substring(dot + 1) switch
            {
                "setItem" => StorageCallKind.Write,
                "getItem" => StorageCallKind.Read,
                "removeItem" => StorageCallKind.Remove,
                _ => null,
            };
            return kind is { } jsKind
                ? new StorageCall(invocation, jsKind, StorageApi.JsInterop, storage, args.Length > 0 ? args[0] : null, jsKind == StorageCallKind.Write && args.Length > 1 ? args[1] : null)
                : null;
        }

        foreach (var kind in new[] { StorageCallKind.Write, StorageCallKind.Read, StorageCallKind.Remove })
        {
            if (BlazoredService(method, symbols, kind) is { } service)
            {
                var storage = service.IsOrInheritsFromAny(symbols.BlazoredSession) ? "sessionStorage" : "localStorage";
                return new StorageCall(invocation, kind, StorageApi.Blazored, storage, Argument(invocation, 0), kind == StorageCallKind.Write ? Argument(invocation, 1) : null);
            }
        }

        return null;
    }

    /// <summary>
    /// The kind of JS interop call <paramref name="method"/> is, by symbol: one of the resolved methods, or a method of a
    /// class implementing one of the JS interop interfaces (JSRuntime, WebAssemblyJSRuntime, a test double) that
    /// implements one of them.
    /// </summary>
    public static JsInteropCall JsKind(IMethodSymbol method, BrowserStorageSymbols symbols)
    {
        // The name is only a prefilter (a string lookup is cheaper than hashing a symbol); the decision is by symbol.
        if (symbols.JsInterop.IsEmpty || !BrowserStorageSymbols.MayBeJsInteropName(method.Name))
        {
            return JsInteropCall.None;
        }

        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        if (symbols.JsInteropInvokeMethods.Contains(original))
        {
            return JsInteropCall.Invoke;
        }

        if (symbols.JsInteropSetValueMethods.Contains(original))
        {
            return JsInteropCall.SetValue;
        }

        // A class implementing the interfaces (JSRuntime, WebAssemblyJSRuntime, a test double); not a delegate's Invoke.
        if (method.MethodKind is MethodKind.ReducedExtension or MethodKind.DelegateInvoke || method.IsStatic
            || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type || !type.IsOrInheritsFromAny(symbols.JsInterop))
        {
            return JsInteropCall.None;
        }

        foreach (var contract in symbols.JsInteropInvokeMethods)
        {
            if (contract.ContainingType.TypeKind == TypeKind.Interface && method.IsOrImplements(contract))
            {
                return JsInteropCall.Invoke;
            }
        }

        foreach (var contract in symbols.JsInteropSetValueMethods)
        {
            if (contract.ContainingType.TypeKind == TypeKind.Interface && method.IsOrImplements(contract))
            {
                return JsInteropCall.SetValue;
            }
        }

        return JsInteropCall.None;
    }

    /// <summary>The constant identifier of a JS interop call, without a <c>window.</c>/<c>globalThis.</c>/<c>self.</c> prefix, or null.</summary>
    public static string? JsIdentifier(IInvocationOperation invocation)
    {
        var identifierArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "identifier");
        if (identifierArgument is null || ConstantValues.String(identifierArgument.Value) is not { } identifier)
        {
            return null;
        }

        identifier = identifier.Trim();
        foreach (var prefix in new[] { "window.", "globalThis.", "self." })
        {
            if (identifier.StartsWith(prefix, StringComparison.Ordinal))
            {
                identifier = identifier.Substring(prefix.Length);
            }
        }

        return identifier;
    }

    /// <summary>The JavaScript arguments: the elements of the <c>params object?[] args</c> array (or the array given explicitly).</summary>
    public static ImmutableArray<IOperation> JsArguments(IInvocationOperation invocation)
    {
        var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "args");
        if (argument is null)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var value = argument.Value.WalkDownConversion();
        if (value is ILocalReferenceOperation)
        {
            var possible = ValueFlow.CompleteSourcesOf(value);
            if (possible.Length == 1)
            {
                value = possible[0].WalkDownConversion();
            }
        }

        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues.Select(e => e.WalkDownConversion()).ToImmutableArray();
        }

        return ImmutableArray<IOperation>.Empty;
    }

    /// <summary>The Blazored service whose write (read, remove) method <paramref name="method"/> is (or implements), or null.</summary>
    public static INamedTypeSymbol? BlazoredService(IMethodSymbol method, BrowserStorageSymbols symbols, StorageCallKind kind)
    {
        if (symbols.Blazored.IsEmpty)
        {
            return null;
        }

        // The name is only a prefilter; the decision is by symbol.
        ImmutableHashSet<IMethodSymbol> contracts;
        switch (kind)
        {
            case StorageCallKind.Write when BrowserStorageSymbols.MayBeBlazoredWriteName(method.Name):
                contracts = symbols.BlazoredWriteMethods;
                break;
            case StorageCallKind.Read when method.Name is "GetItemAsStringAsync" or "GetItemAsString":
                contracts = symbols.BlazoredReadMethods;
                break;
            case StorageCallKind.Remove when method.Name is "RemoveItemAsync" or "RemoveItem":
                contracts = symbols.BlazoredRemoveMethods;
                break;
            default:
                return null;
        }

        var original = method.OriginalDefinition;
        if (contracts.Contains(original))
        {
            return original.ContainingType;
        }

        // A class implementing the services (LocalStorageService).
        if (method.IsStatic || !method.ContainingType.IsOrInheritsFromAny(symbols.Blazored))
        {
            return null;
        }

        foreach (var contract in contracts)
        {
            if (method.IsOrImplements(contract))
            {
                return contract.ContainingType;
            }
        }

        return null;
    }

    /// <summary>The explicit argument of the parameter at <paramref name="ordinal"/>, or null.</summary>
    public static IOperation? Argument(IInvocationOperation invocation, int ordinal)
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
}
