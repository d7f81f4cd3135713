using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>
/// The Microsoft.IdentityModel / ASP.NET Core authentication symbols the token-validation rules need, resolved once
/// per compilation. <see cref="Create"/> returns null when <c>TokenValidationParameters</c> is not referenced, so the
/// rules register nothing in projects that do not use IdentityModel.
/// </summary>
internal sealed class TokenValidationSymbols
{
    private readonly Dictionary<string, IPropertySymbol> _tvpProperties;

    private TokenValidationSymbols(Compilation compilation, INamedTypeSymbol tokenValidationParameters)
    {
        TokenValidationParameters = tokenValidationParameters;
        _tvpProperties = new Dictionary<string, IPropertySymbol>();
        for (var type = tokenValidationParameters; type is not null; type = type.BaseType)
        {
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                if (!_tvpProperties.ContainsKey(property.Name))
                {
                    _tvpProperties.Add(property.Name, property);
                }
            }
        }

        TimeSpan = compilation.GetBestTypeByMetadataName("System.TimeSpan");
        JwtSecurityToken = compilation.GetBestTypeByMetadataName("System.IdentityModel.Tokens.Jwt.JwtSecurityToken");
        JsonWebToken = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.JsonWebTokens.JsonWebToken");
        JwtSecurityTokenHandler = compilation.GetBestTypeByMetadataName("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler");
        JsonWebTokenHandler = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler");
        TokenHandler = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenHandler");
        SecurityTokenHandler = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityTokenHandler");
        JwtBearerOptions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions");
        OpenIdConnectOptions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions");
    }

    public INamedTypeSymbol TokenValidationParameters { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? JwtSecurityToken { get; }

    public INamedTypeSymbol? JsonWebToken { get; }

    public INamedTypeSymbol? JwtSecurityTokenHandler { get; }

    public INamedTypeSymbol? JsonWebTokenHandler { get; }

    public INamedTypeSymbol? TokenHandler { get; }

    public INamedTypeSymbol? SecurityTokenHandler { get; }

    public INamedTypeSymbol? JwtBearerOptions { get; }

    public INamedTypeSymbol? OpenIdConnectOptions { get; }

    public static TokenValidationSymbols? Create(Compilation compilation)
    {
        var tvp = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
        return tvp is null ? null : new TokenValidationSymbols(compilation, tvp);
    }

    /// <summary>
    /// When <paramref name="operation"/> is an assignment to one of <paramref name="propertyNames"/> of
    /// <c>TokenValidationParameters</c>, returns the property's name; otherwise null.
    /// </summary>
    public string? MatchTokenValidationProperty(ISimpleAssignmentOperation operation, ImmutableArray<string> propertyNames)
    {
        if (operation.Target is not IPropertyReferenceOperation target)
        {
            return null;
        }

        var name = target.Property.Name;
        if (!propertyNames.Contains(name) || !_tvpProperties.TryGetValue(name, out var expected))
        {
            return null;
        }

        return target.Property.IsOrOverrides(expected) ? name : null;
    }

    /// <summary>True when the value is a token parsed from a string without any signature check.</summary>
    public bool IsUnverifiedTokenRead(IOperation value)
    {
        value = value.WalkDownConversion();
        switch (value)
        {
            case IObjectCreationOperation creation:
                return creation.Type is { } type
                    && (type.IsOrInheritsFrom(JwtSecurityToken) || type.IsOrInheritsFrom(JsonWebToken))
                    && creation.Arguments.Length == 1
                    && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (method.Name is not ("ReadJwtToken" or "ReadToken" or "ReadJsonWebToken"))
                {
                    return false;
                }

                var container = method.ContainingType;
                return container.IsOrInheritsFrom(JwtSecurityTokenHandler)
                    || container.IsOrInheritsFrom(JsonWebTokenHandler)
                    || container.IsOrInheritsFrom(TokenHandler)
                    || container.IsOrInheritsFrom(SecurityTokenHandler);
            default:
                return false;
        }
    }
}
