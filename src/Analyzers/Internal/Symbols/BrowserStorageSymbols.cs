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
    }

    /// <summary>True when JS interop, Blazored storage or ProtectedBrowserStorage is referenced.</summary>
    public override bool IsPresent => !JsInterop.IsEmpty || !Blazored.IsEmpty || ProtectedLocalStorage is not null;

    /// <summary><c>IJSRuntime</c> and friends, and their extension classes.</summary>
    public ImmutableArray<INamedTypeSymbol> JsInterop => _jsInterop.Value;

    /// <summary>Blazored local/session storage services (sync and async).</summary>
    public ImmutableArray<INamedTypeSymbol> Blazored => _blazored.Value;

    public INamedTypeSymbol? ProtectedLocalStorage => _protectedLocalStorage.Value;

    public INamedTypeSymbol? ProtectedBrowserStorage => _protectedBrowserStorage.Value;

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
