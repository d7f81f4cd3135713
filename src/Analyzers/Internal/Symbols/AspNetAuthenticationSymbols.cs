using System;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>ASP.NET Core authentication: JwtBearer and OpenID Connect options and events, results, authorization.</summary>
internal sealed class AspNetAuthenticationSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _jwtBearerOptions;
    private readonly Lazy<INamedTypeSymbol?> _jwtBearerEvents;
    private readonly Lazy<INamedTypeSymbol?> _messageReceivedContext;
    private readonly Lazy<INamedTypeSymbol?> _tokenValidatedContext;
    private readonly Lazy<INamedTypeSymbol?> _authenticationFailedContext;
    private readonly Lazy<INamedTypeSymbol?> _openIdConnectOptions;
    private readonly Lazy<INamedTypeSymbol?> _openIdConnectMessage;
    private readonly Lazy<INamedTypeSymbol?> _authenticateResult;
    private readonly Lazy<INamedTypeSymbol?> _authenticationHttpContextExtensions;
    private readonly Lazy<INamedTypeSymbol?> _authenticationTokenExtensions;
    private readonly Lazy<INamedTypeSymbol?> _authenticationProperties;
    private readonly Lazy<INamedTypeSymbol?> _authenticationSchemeOptions;
    private readonly Lazy<INamedTypeSymbol?> _jwtBearerExtensions;
    private readonly Lazy<INamedTypeSymbol?> _resultContext;
    private readonly Lazy<INamedTypeSymbol?> _authorizationHandlerContext;
    private readonly Lazy<INamedTypeSymbol?> _authorizationFilterContext;
    private readonly Lazy<INamedTypeSymbol?> _authenticationFailureException;
    private readonly Lazy<int> _jwtBearerMajor;

    public AspNetAuthenticationSymbols(Compilation compilation)
        : base(compilation)
    {
        _jwtBearerOptions = Type("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions");
        _jwtBearerEvents = Type("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerEvents");
        _messageReceivedContext = Type("Microsoft.AspNetCore.Authentication.JwtBearer.MessageReceivedContext");
        _tokenValidatedContext = Type("Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext");
        _authenticationFailedContext = Type("Microsoft.AspNetCore.Authentication.JwtBearer.AuthenticationFailedContext");
        _openIdConnectOptions = Type("Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions");
        _openIdConnectMessage = Type("Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectMessage");
        _authenticateResult = Type("Microsoft.AspNetCore.Authentication.AuthenticateResult");
        _authenticationHttpContextExtensions = Type("Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions");
        _authenticationTokenExtensions = Type("Microsoft.AspNetCore.Authentication.AuthenticationTokenExtensions");
        _authenticationProperties = Type("Microsoft.AspNetCore.Authentication.AuthenticationProperties");
        _authenticationSchemeOptions = Type("Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions");
        _jwtBearerExtensions = Type("Microsoft.Extensions.DependencyInjection.JwtBearerExtensions");
        _resultContext = Type("Microsoft.AspNetCore.Authentication.ResultContext`1");
        _authorizationHandlerContext = Type("Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext");
        _authorizationFilterContext = Type("Microsoft.AspNetCore.Mvc.Filters.AuthorizationFilterContext");
        _authenticationFailureException = Type("Microsoft.AspNetCore.Authentication.AuthenticationFailureException");
        _jwtBearerMajor = Lazy(() => Compilation.GetReferencedAssemblyVersion("Microsoft.AspNetCore.Authentication.JwtBearer")?.Major ?? 0);
    }

    /// <summary>True when ASP.NET Core authentication is referenced.</summary>
    public override bool IsPresent => AuthenticateResult is not null || JwtBearerOptions is not null || OpenIdConnectOptions is not null;

    public INamedTypeSymbol? JwtBearerOptions => _jwtBearerOptions.Value;

    public INamedTypeSymbol? JwtBearerEvents => _jwtBearerEvents.Value;

    public INamedTypeSymbol? MessageReceivedContext => _messageReceivedContext.Value;

    public INamedTypeSymbol? TokenValidatedContext => _tokenValidatedContext.Value;

    public INamedTypeSymbol? AuthenticationFailedContext => _authenticationFailedContext.Value;

    public INamedTypeSymbol? OpenIdConnectOptions => _openIdConnectOptions.Value;

    /// <summary><c>OpenIdConnectMessage</c>: its <c>IdToken</c>, <c>AccessToken</c> and <c>RefreshToken</c> are tokens.</summary>
    public INamedTypeSymbol? OpenIdConnectMessage => _openIdConnectMessage.Value;

    public INamedTypeSymbol? AuthenticateResult => _authenticateResult.Value;

    /// <summary><c>SignInAsync</c>, <c>GetTokenAsync</c>, <c>ChallengeAsync</c>, <c>ForbidAsync</c> on <c>HttpContext</c>.</summary>
    public INamedTypeSymbol? AuthenticationHttpContextExtensions => _authenticationHttpContextExtensions.Value;

    /// <summary><c>GetTokenValue</c>, <c>GetTokenAsync</c>.</summary>
    public INamedTypeSymbol? AuthenticationTokenExtensions => _authenticationTokenExtensions.Value;

    public INamedTypeSymbol? AuthenticationProperties => _authenticationProperties.Value;

    public INamedTypeSymbol? AuthenticationSchemeOptions => _authenticationSchemeOptions.Value;

    /// <summary><c>AddJwtBearer(builder, authenticationScheme, configureOptions)</c> and its overloads.</summary>
    public INamedTypeSymbol? JwtBearerExtensions => _jwtBearerExtensions.Value;

    /// <summary><c>ResultContext&lt;TOptions&gt;</c>: the base of the JwtBearer event contexts (<c>Principal</c>, <c>Success()</c>, <c>Fail()</c>).</summary>
    public INamedTypeSymbol? ResultContext => _resultContext.Value;

    public INamedTypeSymbol? AuthorizationHandlerContext => _authorizationHandlerContext.Value;

    public INamedTypeSymbol? AuthorizationFilterContext => _authorizationFilterContext.Value;

    public INamedTypeSymbol? AuthenticationFailureException => _authenticationFailureException.Value;

    /// <summary>Major version of the referenced JwtBearer assembly, 0 when not referenced.</summary>
    public int JwtBearerMajor => _jwtBearerMajor.Value;
}
