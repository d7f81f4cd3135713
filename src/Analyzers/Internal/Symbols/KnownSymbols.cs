using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>
/// Every library type and member a rule needs, resolved lazily once per compilation and shared by all analyzers.
/// Obtain it with <see cref="Get"/> (cached by <see cref="Compilation"/> in a weak table, so it lives exactly as long as
/// the compilation). Each library has its own group; a group's <see cref="SymbolGroup.IsPresent"/> tells a rule to
/// register nothing when the library is not referenced.
/// </summary>
internal sealed class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> s_cache = new();

    private IdentityModelSymbols? _identityModel;
    private AspNetAuthenticationSymbols? _authentication;
    private AspNetCoreHttpSymbols? _http;
    private JwtNetSymbols? _jwtNet;
    private JoseJwtSymbols? _jose;
    private BrowserStorageSymbols? _browserStorage;
    private LoggingSymbols? _logging;
    private HostingSymbols? _hosting;
    private BclSymbols? _bcl;

    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
    }

    /// <summary>The compilation the symbols belong to.</summary>
    public Compilation Compilation { get; }

    /// <summary>The shared instance for <paramref name="compilation"/>.</summary>
    public static KnownSymbols Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new KnownSymbols(c));

    /// <summary>Microsoft.IdentityModel: tokens, handlers, keys, credentials, <c>TokenValidationParameters</c>, results.</summary>
    public IdentityModelSymbols IdentityModel => Init(ref _identityModel, static c => new IdentityModelSymbols(c));

    /// <summary>ASP.NET Core JwtBearer / OpenID Connect options and events, authentication results and authorization.</summary>
    public AspNetAuthenticationSymbols Authentication => Init(ref _authentication, static c => new AspNetAuthenticationSymbols(c));

    /// <summary>ASP.NET Core HTTP: context, request headers / query / cookies, response cookies, SignalR hubs.</summary>
    public AspNetCoreHttpSymbols Http => Init(ref _http, static c => new AspNetCoreHttpSymbols(c));

    /// <summary>Jwt.Net (NuGet <c>JWT</c>).</summary>
    public JwtNetSymbols JwtNet => Init(ref _jwtNet, static c => new JwtNetSymbols(c));

    /// <summary>jose-jwt (NuGet <c>jose-jwt</c>).</summary>
    public JoseJwtSymbols Jose => Init(ref _jose, static c => new JoseJwtSymbols(c));

    /// <summary>JS interop and browser storage (Blazored, ProtectedBrowserStorage).</summary>
    public BrowserStorageSymbols BrowserStorage => Init(ref _browserStorage, static c => new BrowserStorageSymbols(c));

    /// <summary>Logging: <c>ILogger</c> and its extensions, <c>LoggerMessage</c>, Console, Debug, Trace, IdentityModel's event source, Serilog, NLog.</summary>
    public LoggingSymbols Logging => Init(ref _logging, static c => new LoggingSymbols(c));

    /// <summary>Hosting environment (<c>IsDevelopment</c>) and <c>Debugger.IsAttached</c>.</summary>
    public HostingSymbols Hosting => Init(ref _hosting, static c => new HostingSymbols(c));

    /// <summary>Base class library and configuration types the value evaluation needs.</summary>
    public BclSymbols Bcl => Init(ref _bcl, static c => new BclSymbols(c));

    private T Init<T>(ref T? field, System.Func<Compilation, T> create)
        where T : class
    {
        if (field is { } existing)
        {
            return existing;
        }

        Interlocked.CompareExchange(ref field, create(Compilation), null);
        return field!;
    }
}
