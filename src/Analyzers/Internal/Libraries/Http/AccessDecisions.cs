using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using JwtAnalyzers.Internal.Libraries.Tokens;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Http;

/// <summary>
/// The operations that grant or deny access or establish who the caller is, by symbol: the authenticated user
/// (<c>HttpContext.User</c>, <c>ResultContext.Principal</c>, <c>Thread.CurrentPrincipal</c>), authentication results
/// (<c>AuthenticateResult.Success/Fail/NoResult</c>, <c>ResultContext.Success/Fail/NoResult</c>), sign-in, challenge and
/// forbid (<c>HttpContext</c> extensions, <c>IAuthenticationService</c>), authorization (<c>AuthorizationHandlerContext
/// .Succeed/Fail</c>), MVC results (<c>ControllerBase.Forbid/Unauthorized/Challenge</c>, <c>Results</c>/<c>TypedResults</c>,
/// a filter's <c>Result</c>), status codes 401/403, middleware continuing the pipeline, and throwing an access
/// exception (<c>UnauthorizedAccessException</c>, <c>SecurityTokenException</c>, <c>AuthenticationFailureException</c>,
/// SignalR's <c>HubException</c>).
/// </summary>
internal sealed class AccessDecisions
{
    private static readonly ConditionalWeakTable<Compilation, AccessDecisions> s_cache = new();

    private readonly KnownSymbols _symbols;
    /// <summary>The decision methods by name: an invocation whose method has none of these names costs one lookup.</summary>
    private readonly Dictionary<string, ImmutableArray<INamedTypeSymbol>> _decisionMethods;
    private readonly ImmutableArray<INamedTypeSymbol> _filterContexts;
    private readonly ImmutableArray<INamedTypeSymbol> _accessExceptions;
    private readonly INamedTypeSymbol? _authenticationService;
    private readonly INamedTypeSymbol? _httpResponse;

    private AccessDecisions(Compilation compilation)
    {
        _symbols = KnownSymbols.Get(compilation);
        var authentication = _symbols.Authentication;
        _authenticationService = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.IAuthenticationService");
        _httpResponse = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse");
        var builder = new Dictionary<string, ImmutableArray<INamedTypeSymbol>>(StringComparer.Ordinal);
        void Add(INamedTypeSymbol? type, params string[] names)
        {
            if (type is not null)
            {
                foreach (var name in names)
                {
                    builder[name] = builder.TryGetValue(name, out var types) ? types.Add(type) : ImmutableArray.Create(type);
                }
            }
        }

        Add(authentication.AuthorizationHandlerContext, "Succeed", "Fail");
        Add(authentication.AuthenticateResult, "Success", "Fail", "NoResult");
        Add(authentication.ResultContext, "Success", "Fail", "NoResult");
        Add(authentication.AuthenticationHttpContextExtensions, "SignInAsync", "ForbidAsync", "ChallengeAsync");
        Add(_authenticationService, "SignInAsync", "ForbidAsync", "ChallengeAsync");
        Add(compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase"), "Forbid", "Unauthorized", "Challenge", "SignIn");
        Add(compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.Results"), "Forbid", "Unauthorized", "Challenge", "SignIn");
        Add(compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.TypedResults"), "Forbid", "Unauthorized", "Challenge", "SignIn");
        _decisionMethods = builder;
        _filterContexts = ImmutableArray.CreateRange(new[]
        {
            authentication.AuthorizationFilterContext,
            compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.Filters.ActionExecutingContext"),
            compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.Filters.ResourceExecutingContext"),
        }.WhereNotNull());
        _accessExceptions = ImmutableArray.CreateRange(new[]
        {
            _symbols.Bcl.UnauthorizedAccessException,
            _symbols.IdentityModel.SecurityTokenException,
            authentication.AuthenticationFailureException,
            compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.SignalR.HubException"),
        }.WhereNotNull());
    }

    /// <summary>Every property name a decision below assigns: a filter's Result, the user, the status code.</summary>
    private static readonly HashSet<string> DecisionPropertyNames = new(StringComparer.Ordinal) { "Result", "User", "Principal", "CurrentPrincipal", "StatusCode" };

    /// <summary>The decisions of <paramref name="compilation"/>.</summary>
    public static AccessDecisions Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new AccessDecisions(c));

    /// <summary>True when <paramref name="property"/> is the authenticated user: <c>HttpContext.User</c>, <c>ResultContext.Principal</c>, <c>Thread.CurrentPrincipal</c>.</summary>
    public bool IsIdentityProperty(IPropertySymbol property)
        => property.IsPropertyOf(_symbols.Http.HttpContext, "User")
           || property.IsPropertyOf(_symbols.Authentication.ResultContext, "Principal")
           || property.IsPropertyOf(_symbols.Bcl.Thread, "CurrentPrincipal");

    /// <summary>True when <paramref name="method"/> authenticates the caller with its arguments (<c>AuthenticateResult.Success</c>, <c>SignInAsync</c>).</summary>
    public bool IsAuthenticationSink(IMethodSymbol method)
        => method.IsMemberOf(_symbols.Authentication.AuthenticateResult, "Success")
           || method.IsMemberOf(_symbols.Authentication.AuthenticationHttpContextExtensions, "SignInAsync")
           || method.IsOrOverridesMemberOf(_authenticationService, "SignInAsync");

    /// <summary>True when <paramref name="operation"/> grants or denies access (see the class summary).</summary>
    public bool IsAccessDecision(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                // An invocation's target is never an explicit interface implementation (it is not callable by name),
                // so the method's own name finds the candidates.
                if (_decisionMethods.TryGetValue(method.Name, out var types))
                {
                    foreach (var type in types)
                    {
                        if (method.IsOrOverridesMemberOf(type, method.Name))
                        {
                            return true;
                        }
                    }
                }

                // Middleware continuing the pipeline: next(context) / _next.Invoke(context).
                return method.MethodKind == MethodKind.DelegateInvoke && method.ContainingType.IsOrInheritsFrom(_symbols.Http.RequestDelegate);

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment:
                var property = target.Property;
                if (!DecisionPropertyNames.Contains(property.Name))
                {
                    return false;
                }

                foreach (var filterContext in _filterContexts)
                {
                    if (property.IsPropertyOf(filterContext, "Result"))
                    {
                        return true;
                    }
                }

                if (IsIdentityProperty(property))
                {
                    return true;
                }

                return property.IsPropertyOf(_httpResponse, "StatusCode") && assignment.Value.ConstantValue is { HasValue: true, Value: 401 or 403 };

            case IThrowOperation { Exception: { } exception }:
                return ValueFlow.Unwrap(exception).Type.IsOrInheritsFromAny(_accessExceptions);

            default:
                return false;
        }
    }
}
