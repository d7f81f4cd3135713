using JwtAnalyzers.Rules;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>
/// The token-validation rules (JWT001, JWT003-JWT006, JWT009) on every served IdentityModel major: 6.33.0, 7.7.1 and
/// 8.23.0. The property and delegate types they match exist in all three.
/// </summary>
public class TokenValidationAcrossVersionsTests
{
    private static Task VerifyAsync<TAnalyzer>(string version, string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
        => new CSharpAnalyzerVerifier<TAnalyzer>.Test { TestCode = source, References = IdentityModelVersions.For(version) }.RunAsync();

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task JWT001_SignatureValidation(string version) => VerifyAsync<DoNotDisableSignatureValidationAnalyzer>(version, """
        using System.IdentityModel.Tokens.Jwt;
        using Microsoft.IdentityModel.Tokens;
        class C
        {
            TokenValidationParameters M() => new()
            {
                {|JWT001:RequireSignedTokens = false|},
                {|JWT001:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                ValidateIssuerSigningKey = false,
            };
        }
        """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task JWT003_Lifetime(string version) => VerifyAsync<DoNotDisableLifetimeValidationAnalyzer>(version, """
        using Microsoft.IdentityModel.Tokens;
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|JWT003:p.ValidateLifetime = false|};
                {|JWT003:p.RequireExpirationTime = !true|};
                {|JWT003:p.LifetimeValidator = (nbf, exp, token, parameters) => true|};
                p.ValidateLifetime = true;
            }
        }
        """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task JWT004_Audience(string version) => VerifyAsync<DoNotDisableAudienceValidationAnalyzer>(version, """
        using Microsoft.IdentityModel.Tokens;
        class C
        {
            TokenValidationParameters M() => new()
            {
                ValidAudience = "api",
                {|JWT004:ValidateAudience = false|},
                {|JWT004:RequireAudience = false|},
                {|JWT004:AudienceValidator = (audiences, token, parameters) => true|},
            };
        }
        """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task JWT005_Issuer(string version) => VerifyAsync<DoNotDisableIssuerValidationAnalyzer>(version, """
        using Microsoft.IdentityModel.Tokens;
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|JWT005:p.ValidateIssuer = false|};
                {|JWT005:p.IssuerValidator = (issuer, token, parameters) => issuer|};
            }

            // A real validator (and the flag it makes harmless) is not reported.
            void N(TokenValidationParameters p)
            {
                p.ValidateIssuer = false;
                p.IssuerValidator = (issuer, token, parameters) => issuer == "https://issuer" ? issuer : throw new SecurityTokenInvalidIssuerException("no");
            }
        }
        """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task JWT006_SigningKey(string version) => VerifyAsync<DoNotBypassSigningKeyValidationAnalyzer>(version, """
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;
        class C
        {
            void M(TokenValidationParameters p)
            {
                {|JWT006:p.IssuerSigningKeyValidator = (key, token, parameters) => true|};
                {|JWT006:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => new[] { new JsonWebKey(((JsonWebToken)securityToken).GetHeaderValue<string>("jwk")) }|};
            }
        }
        """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task JWT009_ClockSkew(string version) => VerifyAsync<KeepClockSkewSmallAnalyzer>(version, """
        using System;
        using Microsoft.IdentityModel.Tokens;
        class C
        {
            TokenValidationParameters M() => new() { {|JWT009:ClockSkew = TimeSpan.FromHours(1)|} };
            TokenValidationParameters N() => new() { ClockSkew = TimeSpan.FromSeconds(30) };
        }
        """);
}
