using System;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>ASP.NET Core HTTP: the context, request headers, query and cookies, response cookies, SignalR hubs; and System.Net.Http headers.</summary>
internal sealed class AspNetCoreHttpSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _httpContext;
    private readonly Lazy<INamedTypeSymbol?> _httpRequest;
    private readonly Lazy<INamedTypeSymbol?> _headerDictionary;
    private readonly Lazy<INamedTypeSymbol?> _headerDictionaryExtensions;
    private readonly Lazy<INamedTypeSymbol?> _queryCollection;
    private readonly Lazy<INamedTypeSymbol?> _requestCookieCollection;
    private readonly Lazy<INamedTypeSymbol?> _responseCookies;
    private readonly Lazy<INamedTypeSymbol?> _cookieOptions;
    private readonly Lazy<INamedTypeSymbol?> _pathString;
    private readonly Lazy<INamedTypeSymbol?> _requestDelegate;
    private readonly Lazy<INamedTypeSymbol?> _headerNames;
    private readonly Lazy<INamedTypeSymbol?> _stringValues;
    private readonly Lazy<INamedTypeSymbol?> _httpRequestHeaders;
    private readonly Lazy<INamedTypeSymbol?> _authenticationHeaderValue;
    private readonly Lazy<INamedTypeSymbol?> _hub;
    private readonly Lazy<INamedTypeSymbol?> _controllerBase;
    private readonly Lazy<INamedTypeSymbol?> _nonActionAttribute;
    private readonly Lazy<INamedTypeSymbol?> _hubFilter;
    private readonly Lazy<INamedTypeSymbol?> _hubEndpointRouteBuilderExtensions;
    private readonly Lazy<IPropertySymbol?> _authorization;
    private readonly Lazy<INamedTypeSymbol?> _endpointRouteBuilderExtensions;

    public AspNetCoreHttpSymbols(Compilation compilation)
        : base(compilation)
    {
        _httpContext = Type("Microsoft.AspNetCore.Http.HttpContext");
        _httpRequest = Type("Microsoft.AspNetCore.Http.HttpRequest");
        _headerDictionary = Type("Microsoft.AspNetCore.Http.IHeaderDictionary");
        _headerDictionaryExtensions = Type("Microsoft.AspNetCore.Http.HeaderDictionaryExtensions");
        _queryCollection = Type("Microsoft.AspNetCore.Http.IQueryCollection");
        _requestCookieCollection = Type("Microsoft.AspNetCore.Http.IRequestCookieCollection");
        _responseCookies = Type("Microsoft.AspNetCore.Http.IResponseCookies");
        _cookieOptions = Type("Microsoft.AspNetCore.Http.CookieOptions");
        _pathString = Type("Microsoft.AspNetCore.Http.PathString");
        _requestDelegate = Type("Microsoft.AspNetCore.Http.RequestDelegate");
        _headerNames = Type("Microsoft.Net.Http.Headers.HeaderNames");
        _stringValues = Type("Microsoft.Extensions.Primitives.StringValues");
        _httpRequestHeaders = Type("System.Net.Http.Headers.HttpRequestHeaders");
        _authenticationHeaderValue = Type("System.Net.Http.Headers.AuthenticationHeaderValue");
        _hub = Type("Microsoft.AspNetCore.SignalR.Hub");
        _controllerBase = Type("Microsoft.AspNetCore.Mvc.ControllerBase");
        _nonActionAttribute = Type("Microsoft.AspNetCore.Mvc.NonActionAttribute");
        _hubFilter = Type("Microsoft.AspNetCore.SignalR.IHubFilter");
        _hubEndpointRouteBuilderExtensions = Type("Microsoft.AspNetCore.Builder.HubEndpointRouteBuilderExtensions");
        _authorization = Lazy(() => Member<IPropertySymbol>(HeaderDictionary, "Authorization"));
        _endpointRouteBuilderExtensions = Type("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
    }

    /// <summary>True when ASP.NET Core HTTP abstractions are referenced.</summary>
    public override bool IsPresent => HttpContext is not null;

    public INamedTypeSymbol? HttpContext => _httpContext.Value;

    public INamedTypeSymbol? HttpRequest => _httpRequest.Value;

    public INamedTypeSymbol? HeaderDictionary => _headerDictionary.Value;

    /// <summary><c>HeaderDictionaryExtensions</c>: <c>Append</c>, <c>AppendCommaSeparatedValues</c>.</summary>
    public INamedTypeSymbol? HeaderDictionaryExtensions => _headerDictionaryExtensions.Value;

    public INamedTypeSymbol? QueryCollection => _queryCollection.Value;

    public INamedTypeSymbol? RequestCookieCollection => _requestCookieCollection.Value;

    public INamedTypeSymbol? ResponseCookies => _responseCookies.Value;

    public INamedTypeSymbol? CookieOptions => _cookieOptions.Value;

    public INamedTypeSymbol? PathString => _pathString.Value;

    public INamedTypeSymbol? RequestDelegate => _requestDelegate.Value;

    /// <summary><c>HeaderNames</c>: its <c>Authorization</c> field names the header.</summary>
    public INamedTypeSymbol? HeaderNames => _headerNames.Value;

    public INamedTypeSymbol? StringValues => _stringValues.Value;

    public INamedTypeSymbol? HttpRequestHeaders => _httpRequestHeaders.Value;

    public INamedTypeSymbol? AuthenticationHeaderValue => _authenticationHeaderValue.Value;

    public INamedTypeSymbol? Hub => _hub.Value;

    /// <summary><c>ControllerBase</c>: the public instance methods of its subclasses are MVC actions, called by the framework.</summary>
    public INamedTypeSymbol? ControllerBase => _controllerBase.Value;

    /// <summary><c>[NonAction]</c>: a public controller method that is not an action.</summary>
    public INamedTypeSymbol? NonActionAttribute => _nonActionAttribute.Value;

    public INamedTypeSymbol? HubFilter => _hubFilter.Value;

    /// <summary><c>MapHub&lt;T&gt;(path)</c>.</summary>
    public INamedTypeSymbol? HubEndpointRouteBuilderExtensions => _hubEndpointRouteBuilderExtensions.Value;

    /// <summary><c>MapGroup(prefix)</c> (route groups: a hub mapped in a group gets the group's prefix).</summary>
    public INamedTypeSymbol? EndpointRouteBuilderExtensions => _endpointRouteBuilderExtensions.Value;

    /// <summary><c>IHeaderDictionary.Authorization</c> (ASP.NET Core 6 and later).</summary>
    public IPropertySymbol? HeaderDictionaryAuthorization => _authorization.Value;
}
