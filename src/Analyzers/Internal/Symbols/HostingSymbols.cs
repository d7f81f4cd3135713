using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>The framework's development guards: <c>IsDevelopment()</c> of the hosting environment, <c>Debugger.IsAttached</c>.</summary>
internal sealed class HostingSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _hostEnvironment;
    private readonly Lazy<INamedTypeSymbol?> _webHostEnvironment;
    private readonly Lazy<INamedTypeSymbol?> _hostEnvironmentEnvExtensions;
    private readonly Lazy<INamedTypeSymbol?> _hostingEnvironmentExtensions;
    private readonly Lazy<INamedTypeSymbol?> _debugger;
    private readonly Lazy<ImmutableArray<IMethodSymbol>> _isDevelopment;
    private readonly Lazy<ImmutableArray<IMethodSymbol>> _isProduction;
    private readonly Lazy<IPropertySymbol?> _isAttached;

    public HostingSymbols(Compilation compilation)
        : base(compilation)
    {
        _hostEnvironment = Type("Microsoft.Extensions.Hosting.IHostEnvironment");
        _webHostEnvironment = Type("Microsoft.AspNetCore.Hosting.IWebHostEnvironment");
        _hostEnvironmentEnvExtensions = Type("Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions");
        _hostingEnvironmentExtensions = Type("Microsoft.AspNetCore.Hosting.HostingEnvironmentExtensions");
        _debugger = Type("System.Diagnostics.Debugger");
        _isDevelopment = Lazy(() => Methods("IsDevelopment"));
        _isProduction = Lazy(() => Methods("IsProduction"));
        _isAttached = Lazy(() => Member<IPropertySymbol>(Debugger, "IsAttached"));
    }

    /// <summary>True when a hosting abstraction is referenced (the debugger check is always available).</summary>
    public override bool IsPresent => HostEnvironment is not null || WebHostEnvironment is not null;

    public INamedTypeSymbol? HostEnvironment => _hostEnvironment.Value;

    public INamedTypeSymbol? WebHostEnvironment => _webHostEnvironment.Value;

    public INamedTypeSymbol? Debugger => _debugger.Value;

    /// <summary>The framework's <c>IsDevelopment</c> extension methods (Microsoft.Extensions.Hosting and Microsoft.AspNetCore.Hosting).</summary>
    public ImmutableArray<IMethodSymbol> IsDevelopmentMethods => _isDevelopment.Value;

    /// <summary>The framework's <c>IsProduction</c> extension methods.</summary>
    public ImmutableArray<IMethodSymbol> IsProductionMethods => _isProduction.Value;

    /// <summary><c>System.Diagnostics.Debugger.IsAttached</c>.</summary>
    public IPropertySymbol? DebuggerIsAttached => _isAttached.Value;

    private ImmutableArray<IMethodSymbol> Methods(string name)
    {
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var type in new[] { _hostEnvironmentEnvExtensions.Value, _hostingEnvironmentExtensions.Value })
        {
            if (type is null)
            {
                continue;
            }

            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol method)
                {
                    builder.Add(method);
                }
            }
        }

        return builder.ToImmutable();
    }
}
