using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotBypassSigningKeyValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotBypassSigningKeyValidationCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotBypassSigningKeyValidationTests
{
    [Fact]
    public Task AlwaysTrueSigningKeyValidators()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static bool Any(SecurityKey key, SecurityToken token, TokenValidationParameters p) => true;
                void M(TokenValidationParameters p)
                {
                    {|JWT006:p.IssuerSigningKeyValidator = (key, token, parameters) => true|};
                    {|JWT006:p.IssuerSigningKeyValidator = Any|};
                    {|JWT006:p.IssuerSigningKeyValidatorUsingConfiguration = (key, token, parameters, configuration) => true|};
                    var q = new TokenValidationParameters { {|JWT006:IssuerSigningKeyValidator = delegate { return true; }|} };
                }
            }
            """);

    [Fact]
    public Task ResolversThatTakeTheKeyFromTheToken()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Net.Http;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p, HttpClient http)
                {
                    {|JWT006:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                    {
                        var jwk = ((JsonWebToken)securityToken).GetHeaderValue<string>("jwk");
                        return new[] { new JsonWebKey(jwk) };
                    }|};
                    {|JWT006:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                    {
                        var jwt = (JwtSecurityToken)securityToken;
                        var url = (string)jwt.Header[System.IdentityModel.Tokens.Jwt.JwtHeaderParameterNames.Jku];
                        return new JsonWebKeySet(http.GetStringAsync(url).Result).GetSigningKeys();
                    }|};
                    {|JWT006:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) =>
                    {
                        ((JsonWebToken)securityToken).TryGetHeaderValue<string>("x5c", out var chain);
                        return new[] { new X509SecurityKey(new System.Security.Cryptography.X509Certificates.X509Certificate2(System.Convert.FromBase64String(chain))) };
                    }|};
                    {|JWT006:p.IssuerSigningKeyResolverUsingConfiguration = (token, securityToken, kid, parameters, configuration) =>
                        new[] { new JsonWebKey(((JsonWebToken)securityToken).GetHeaderValue<string>("x5u")) }|};
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_ResolversThatUseConfiguredKeys()
        => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                IReadOnlyList<SecurityKey> _keys = new List<SecurityKey>();
                void M(TokenValidationParameters p, JsonWebKeySet jwks)
                {
                    // Looking the kid up in configured keys is the correct use of a resolver.
                    p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => _keys.Where(k => k.KeyId == kid);
                    p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => jwks.GetSigningKeys().Where(k => k.KeyId == kid);
                    // A validator that really checks the key.
                    p.IssuerSigningKeyValidator = (key, token, parameters) => key is X509SecurityKey x && x.Certificate.NotAfter > System.DateTime.UtcNow;
                    // ValidateIssuerSigningKey = false is the default and not a finding (catalog C-10).
                    p.ValidateIssuerSigningKey = false;
                }
            }
            """);

    [Fact]
    public Task Fix_RemovesBypassingDelegates_FixAll()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p, SecurityKey key)
                {
                    p.IssuerSigningKey = key;
                    {|JWT006:p.IssuerSigningKeyValidator = (k, token, parameters) => true|};
                    {|JWT006:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => new[] { new JsonWebKey(((JsonWebToken)securityToken).GetHeaderValue<string>("jwk")) }|};
                }
            }
            """, """
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p, SecurityKey key)
                {
                    p.IssuerSigningKey = key;
                }
            }
            """);
}
