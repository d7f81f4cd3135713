using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>Microsoft.IdentityModel and System.IdentityModel.Tokens.Jwt: tokens, handlers, keys, credentials, validation parameters and results.</summary>
internal sealed class IdentityModelSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _securityToken;
    private readonly Lazy<INamedTypeSymbol?> _tokenValidationParameters;
    private readonly Lazy<INamedTypeSymbol?> _tokenValidationResult;
    private readonly Lazy<INamedTypeSymbol?> _legacyTokenValidationResult;
    private readonly Lazy<INamedTypeSymbol?> _jwtSecurityToken;
    private readonly Lazy<INamedTypeSymbol?> _jsonWebToken;
    private readonly Lazy<INamedTypeSymbol?> _jwtSecurityTokenHandler;
    private readonly Lazy<INamedTypeSymbol?> _jsonWebTokenHandler;
    private readonly Lazy<INamedTypeSymbol?> _tokenHandler;
    private readonly Lazy<INamedTypeSymbol?> _securityTokenHandler;
    private readonly Lazy<INamedTypeSymbol?> _securityTokenValidator;
    private readonly Lazy<INamedTypeSymbol?> _symmetricSecurityKey;
    private readonly Lazy<INamedTypeSymbol?> _signingCredentials;
    private readonly Lazy<INamedTypeSymbol?> _encryptingCredentials;
    private readonly Lazy<INamedTypeSymbol?> _jsonWebKey;
    private readonly Lazy<INamedTypeSymbol?> _x509SecurityKey;
    private readonly Lazy<INamedTypeSymbol?> _rsaSecurityKey;
    private readonly Lazy<INamedTypeSymbol?> _ecdsaSecurityKey;
    private readonly Lazy<INamedTypeSymbol?> _securityTokenDescriptor;
    private readonly Lazy<INamedTypeSymbol?> _jwtHeader;
    private readonly Lazy<INamedTypeSymbol?> _jwtPayload;
    private readonly Lazy<INamedTypeSymbol?> _base64UrlEncoder;
    private readonly Lazy<INamedTypeSymbol?> _securityAlgorithms;
    private readonly Lazy<INamedTypeSymbol?> _securityTokenException;
    private readonly Lazy<INamedTypeSymbol?> _identityModelEventSource;
    private readonly Lazy<INamedTypeSymbol?> _securityKey;
    private readonly Lazy<IPropertySymbol?> _descriptorSigningCredentials;
    private readonly Lazy<ImmutableHashSet<IParameterSymbol>> _credentialAlgorithmParameters;
    private readonly Lazy<Dictionary<string, IPropertySymbol>> _tvpProperties;
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _tokenReaders;

    public IdentityModelSymbols(Compilation compilation)
        : base(compilation)
    {
        _securityToken = Type("Microsoft.IdentityModel.Tokens.SecurityToken");
        _tokenValidationParameters = Type("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
        _tokenValidationResult = Type("Microsoft.IdentityModel.Tokens.TokenValidationResult");
        _legacyTokenValidationResult = Type("Microsoft.IdentityModel.JsonWebTokens.TokenValidationResult");
        _jwtSecurityToken = Type("System.IdentityModel.Tokens.Jwt.JwtSecurityToken");
        _jsonWebToken = Type("Microsoft.IdentityModel.JsonWebTokens.JsonWebToken");
        _jwtSecurityTokenHandler = Type("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler");
        _jsonWebTokenHandler = Type("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler");
        _tokenHandler = Type("Microsoft.IdentityModel.Tokens.TokenHandler");
        _securityTokenHandler = Type("Microsoft.IdentityModel.Tokens.SecurityTokenHandler");
        _securityTokenValidator = Type("Microsoft.IdentityModel.Tokens.ISecurityTokenValidator");
        _symmetricSecurityKey = Type("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
        _signingCredentials = Type("Microsoft.IdentityModel.Tokens.SigningCredentials");
        _encryptingCredentials = Type("Microsoft.IdentityModel.Tokens.EncryptingCredentials");
        _jsonWebKey = Type("Microsoft.IdentityModel.Tokens.JsonWebKey");
        _x509SecurityKey = Type("Microsoft.IdentityModel.Tokens.X509SecurityKey");
        _rsaSecurityKey = Type("Microsoft.IdentityModel.Tokens.RsaSecurityKey");
        _ecdsaSecurityKey = Type("Microsoft.IdentityModel.Tokens.ECDsaSecurityKey");
        _securityTokenDescriptor = Type("Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor");
        _jwtHeader = Type("System.IdentityModel.Tokens.Jwt.JwtHeader");
        _jwtPayload = Type("System.IdentityModel.Tokens.Jwt.JwtPayload");
        _base64UrlEncoder = Type("Microsoft.IdentityModel.Tokens.Base64UrlEncoder");
        _securityAlgorithms = Type("Microsoft.IdentityModel.Tokens.SecurityAlgorithms");
        _securityTokenException = Type("Microsoft.IdentityModel.Tokens.SecurityTokenException");
        _identityModelEventSource = Type("Microsoft.IdentityModel.Logging.IdentityModelEventSource");
        _securityKey = Type("Microsoft.IdentityModel.Tokens.SecurityKey");
        _descriptorSigningCredentials = Lazy(() => Member<IPropertySymbol>(SecurityTokenDescriptor, "SigningCredentials"));
        // new SigningCredentials(key, algorithm[, digest]): the signature algorithm's name.
        _credentialAlgorithmParameters = Lazy(() => ParametersOf(new[] { SigningCredentials }, static p => p.Name == "algorithm" && p.Type.SpecialType == SpecialType.System_String));
        _tvpProperties = Lazy(() =>
        {
            var properties = new Dictionary<string, IPropertySymbol>(StringComparer.Ordinal);
            for (var type = TokenValidationParameters; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IPropertySymbol property && !properties.ContainsKey(property.Name))
                    {
                        properties.Add(property.Name, property);
                    }
                }
            }

            return properties;
        });
        _tokenReaders = Lazy(() =>
        {
            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var type in new[] { JwtSecurityTokenHandler, JsonWebTokenHandler, TokenHandler, SecurityTokenHandler })
            {
                if (type is not null)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        });
    }

    /// <summary>True when Microsoft.IdentityModel.Tokens is referenced.</summary>
    public override bool IsPresent => SecurityToken is not null || TokenValidationParameters is not null;

    public INamedTypeSymbol? SecurityToken => _securityToken.Value;

    public INamedTypeSymbol? TokenValidationParameters => _tokenValidationParameters.Value;

    /// <summary><c>Microsoft.IdentityModel.Tokens.TokenValidationResult</c> (7.x and later).</summary>
    public INamedTypeSymbol? TokenValidationResult => _tokenValidationResult.Value;

    /// <summary><c>Microsoft.IdentityModel.JsonWebTokens.TokenValidationResult</c> (6.x).</summary>
    public INamedTypeSymbol? LegacyTokenValidationResult => _legacyTokenValidationResult.Value;

    public INamedTypeSymbol? JwtSecurityToken => _jwtSecurityToken.Value;

    public INamedTypeSymbol? JsonWebToken => _jsonWebToken.Value;

    public INamedTypeSymbol? JwtSecurityTokenHandler => _jwtSecurityTokenHandler.Value;

    public INamedTypeSymbol? JsonWebTokenHandler => _jsonWebTokenHandler.Value;

    public INamedTypeSymbol? TokenHandler => _tokenHandler.Value;

    public INamedTypeSymbol? SecurityTokenHandler => _securityTokenHandler.Value;

    public INamedTypeSymbol? SecurityTokenValidator => _securityTokenValidator.Value;

    public INamedTypeSymbol? SymmetricSecurityKey => _symmetricSecurityKey.Value;

    public INamedTypeSymbol? SigningCredentials => _signingCredentials.Value;

    public INamedTypeSymbol? EncryptingCredentials => _encryptingCredentials.Value;

    public INamedTypeSymbol? JsonWebKey => _jsonWebKey.Value;

    public INamedTypeSymbol? X509SecurityKey => _x509SecurityKey.Value;

    public INamedTypeSymbol? RsaSecurityKey => _rsaSecurityKey.Value;

    public INamedTypeSymbol? ECDsaSecurityKey => _ecdsaSecurityKey.Value;

    public INamedTypeSymbol? SecurityTokenDescriptor => _securityTokenDescriptor.Value;

    public INamedTypeSymbol? JwtHeader => _jwtHeader.Value;

    public INamedTypeSymbol? JwtPayload => _jwtPayload.Value;

    public INamedTypeSymbol? Base64UrlEncoder => _base64UrlEncoder.Value;

    public INamedTypeSymbol? SecurityAlgorithms => _securityAlgorithms.Value;

    public INamedTypeSymbol? SecurityTokenException => _securityTokenException.Value;

    public INamedTypeSymbol? IdentityModelEventSource => _identityModelEventSource.Value;

    /// <summary><c>Microsoft.IdentityModel.Tokens.SecurityKey</c>, the base of every key.</summary>
    public INamedTypeSymbol? SecurityKey => _securityKey.Value;

    /// <summary><c>SecurityTokenDescriptor.SigningCredentials</c>.</summary>
    public IPropertySymbol? DescriptorSigningCredentials => _descriptorSigningCredentials.Value;

    /// <summary>The <c>algorithm</c> parameters of the <c>SigningCredentials</c> constructors.</summary>
    public ImmutableHashSet<IParameterSymbol> CredentialAlgorithmParameters => _credentialAlgorithmParameters.Value;

    /// <summary>The handler types whose <c>Read*</c> methods parse a token without validating it.</summary>
    public ImmutableArray<INamedTypeSymbol> TokenReaders => _tokenReaders.Value;

    /// <summary>The <c>TokenValidationParameters</c> property named <paramref name="name"/> (a member of the library, looked up once).</summary>
    public IPropertySymbol? TokenValidationParametersProperty(string name)
        => _tvpProperties.Value.TryGetValue(name, out var property) ? property : null;

    /// <summary>True when <paramref name="type"/> is one of the two <c>TokenValidationResult</c> types.</summary>
    public bool IsTokenValidationResult(ITypeSymbol? type)
        => type.IsOrInheritsFrom(TokenValidationResult) || type.IsOrInheritsFrom(LegacyTokenValidationResult);
}
