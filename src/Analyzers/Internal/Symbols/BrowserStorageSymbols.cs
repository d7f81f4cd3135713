using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>JS interop (<c>Microsoft.JSInterop</c>) and browser storage libraries (Blazored, ASP.NET Core ProtectedBrowserStorage).</summary>
internal sealed class BrowserStorageSymbols : SymbolGroup
{
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _jsInterop;
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _blazored;
    private readonly Lazy<INamedTypeSymbol?> _protectedLocalStorage;
    private readonly Lazy<INamedTypeSymbol?> _protectedBrowserStorage;
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _blazoredSession;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _jsInteropInvokeMethods;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _jsInteropSetValueMethods;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _blazoredWriteMethods;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _blazoredReadMethods;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _blazoredRemoveMethods;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _protectedBrowserStorageSetMethods;

    /// <summary>The JS interop methods that call a JavaScript function by identifier (how their members are looked up in the resolved types).</summary>
    public static readonly ImmutableArray<string> JsInteropInvokeNames = ImmutableArray.Create("InvokeVoidAsync", "InvokeAsync", "Invoke", "InvokeVoid", "InvokeUnmarshalled");

    /// <summary>The .NET 10 JS interop methods that assign a JavaScript property by identifier.</summary>
    public static readonly ImmutableArray<string> JsInteropSetValueNames = ImmutableArray.Create("SetValueAsync", "SetValue");

    /// <summary>The Blazored storage methods that write an item.</summary>
    public static readonly ImmutableArray<string> BlazoredWriteNames = ImmutableArray.Create("SetItemAsync", "SetItemAsStringAsync", "SetItem", "SetItemAsString");

    /// <summary>The Blazored storage methods that read an item as the stored string.</summary>
    public static readonly ImmutableArray<string> BlazoredReadNames = ImmutableArray.Create("GetItemAsStringAsync", "GetItemAsString");

    /// <summary>The Blazored storage methods that remove an item.</summary>
    public static readonly ImmutableArray<string> BlazoredRemoveNames = ImmutableArray.Create("RemoveItemAsync", "RemoveItem");

    /// <summary>A prefilter (never a decision) for <see cref="JsInteropInvokeNames"/> and <see cref="JsInteropSetValueNames"/>: a compiled string switch, cheaper than hashing the name of every invocation.</summary>
    public static bool MayBeJsInteropName(string name)
        => name is "InvokeVoidAsync" or "InvokeAsync" or "Invoke" or "InvokeVoid" or "InvokeUnmarshalled" or "SetValueAsync" or "SetValue";

    /// <summary>A prefilter (never a decision) for <see cref="BlazoredWriteNames"/>.</summary>
    public static bool MayBeBlazoredWriteName(string name)
        => name is "SetItemAsync" or "SetItemAsStringAsync" or "SetItem" or "SetItemAsString";

    public BrowserStorageSymbols(Compilation compilation)
        : base(compilation)
    {
        _jsInterop = Lazy(() => Types(
            "Microsoft.JSInterop.IJSRuntime",
            "Microsoft.JSInterop.IJSInProcessRuntime",
            "Microsoft.JSInterop.IJSObjectReference",
            "Microsoft.JSInterop.IJSInProcessObjectReference",
            "Microsoft.JSInterop.JSRuntimeExtensions",
            "Microsoft.JSInterop.JSInProcessRuntimeExtensions",
            "Microsoft.JSInterop.JSObjectReferenceExtensions",
            "Microsoft.JSInterop.JSInProcessObjectReferenceExtensions"));
        _blazored = Lazy(() => Types(
            "Blazored.LocalStorage.ILocalStorageService",
            "Blazored.LocalStorage.ISyncLocalStorageService",
            "Blazored.SessionStorage.ISessionStorageService",
            "Blazored.SessionStorage.ISyncSessionStorageService"));
        _protectedLocalStorage = Type("Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedLocalStorage");
        _protectedBrowserStorage = Type("Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedBrowserStorage");
        _blazoredSession = Lazy(() => Types(
            "Blazored.SessionStorage.ISessionStorageService",
            "Blazored.SessionStorage.ISyncSessionStorageService"));
        _jsInteropInvokeMethods = Lazy(() => Methods(JsInterop, JsInteropInvokeNames));
        _jsInteropSetValueMethods = Lazy(() => Methods(JsInterop, JsInteropSetValueNames));
        _blazoredWriteMethods = Lazy(() => Methods(Blazored, BlazoredWriteNames));
        _blazoredReadMethods = Lazy(() => Methods(Blazored, BlazoredReadNames));
        _blazoredRemoveMethods = Lazy(() => Methods(Blazored, BlazoredRemoveNames));
        _protectedBrowserStorageSetMethods = Lazy(() => ProtectedBrowserStorage is { } storage ? Methods(ImmutableArray.Create(storage), ImmutableArray.Create("SetAsync")) : ImmutableHashSet<IMethodSymbol>.Empty);
    }

    /// <summary>True when JS interop, Blazored storage or ProtectedBrowserStorage is referenced.</summary>
    public override bool IsPresent => !JsInterop.IsEmpty || !Blazored.IsEmpty || ProtectedLocalStorage is not null;

    /// <summary><c>IJSRuntime</c> and friends, and their extension classes.</summary>
    public ImmutableArray<INamedTypeSymbol> JsInterop => _jsInterop.Value;

    /// <summary>Blazored local/session storage services (sync and async).</summary>
    public ImmutableArray<INamedTypeSymbol> Blazored => _blazored.Value;

    public INamedTypeSymbol? ProtectedLocalStorage => _protectedLocalStorage.Value;

    public INamedTypeSymbol? ProtectedBrowserStorage => _protectedBrowserStorage.Value;

    /// <summary>The Blazored.SessionStorage services (a subset of <see cref="Blazored"/>).</summary>
    public ImmutableArray<INamedTypeSymbol> BlazoredSession => _blazoredSession.Value;

    /// <summary>Original definitions of the JS interop methods that call a function by identifier (<c>InvokeVoidAsync</c>, <c>InvokeAsync</c>, ... of the interfaces and their extension classes).</summary>
    public ImmutableHashSet<IMethodSymbol> JsInteropInvokeMethods => _jsInteropInvokeMethods.Value;

    /// <summary>Original definitions of the .NET 10 JS interop <c>SetValueAsync</c> / <c>SetValue</c> methods.</summary>
    public ImmutableHashSet<IMethodSymbol> JsInteropSetValueMethods => _jsInteropSetValueMethods.Value;

    /// <summary>Original definitions of the Blazored storage write methods (<c>SetItemAsync</c>, <c>SetItemAsStringAsync</c>, <c>SetItem</c>, <c>SetItemAsString</c>).</summary>
    public ImmutableHashSet<IMethodSymbol> BlazoredWriteMethods => _blazoredWriteMethods.Value;

    /// <summary>Original definitions of the Blazored storage reads of the raw string (<c>GetItemAsStringAsync</c>, <c>GetItemAsString</c>).</summary>
    public ImmutableHashSet<IMethodSymbol> BlazoredReadMethods => _blazoredReadMethods.Value;

    /// <summary>Original definitions of the Blazored storage removes (<c>RemoveItemAsync</c>, <c>RemoveItem</c>).</summary>
    public ImmutableHashSet<IMethodSymbol> BlazoredRemoveMethods => _blazoredRemoveMethods.Value;

    /// <summary>Original definitions of <c>ProtectedBrowserStorage.SetAsync</c>.</summary>
    public ImmutableHashSet<IMethodSymbol> ProtectedBrowserStorageSetMethods => _protectedBrowserStorageSetMethods.Value;

    private static ImmutableHashSet<IMethodSymbol> Methods(ImmutableArray<INamedTypeSymbol> types, ImmutableArray<string> names)
    {
        var builder = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in types)
        {
            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                    {
                        builder.Add(method.OriginalDefinition);
                    }
                }
            }
        }

        return builder.ToImmutable();
    }

    private ImmutableArray<INamedTypeSymbol> Types(params string[] names)
    {
        var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in names)
        {
            if (Compilation.GetBestTypeByMetadataName(name) is { } type)
            {
                builder.Add(type);
            }
        }

        return builder.ToImmutable();
    }
}
