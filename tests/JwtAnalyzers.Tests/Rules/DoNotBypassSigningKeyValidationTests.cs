using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotBypassSigningKeyValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotBypassSigningKeyValidationCodeFix>;

using JwtAnalyzers.Tests.Verifiers;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotBypassSigningKeyValidationTests
{
    private static Task VerifyJoseAsync(string source)
        => new Verify.Test { TestCode = source, References = TestReferences.Default.AddRange(TestReferences.JoseJwt) }.RunAsync();

    private static Task VerifyJwtNetAsync(string source)
        => new Verify.Test { TestCode = source, References = TestReferences.Default.AddRange(TestReferences.JwtNet) }.RunAsync();

    // ---- a key taken from the token's own header, in every library ----

    [Fact]
    public Task IdentityModel_SigningKeyBuiltFromTheTokenHeader()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Cryptography.X509Certificates;
            using System.Threading.Tasks;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                Task<TokenValidationResult> Jwk(string token)
                {
                    var handler = new JsonWebTokenHandler();
                    var jwk = handler.ReadJsonWebToken(token).GetHeaderValue<string>("jwk");
                    var parameters = new TokenValidationParameters { ValidIssuer = "https://issuer", ValidAudience = "api", {|JWT006:IssuerSigningKey = new JsonWebKey(jwk)|} };
                    return handler.ValidateTokenAsync(token, parameters);
                }

                void X5c(string token, TokenValidationParameters p)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(jwt.Header.X5c));
                    {|JWT006:p.IssuerSigningKey = new X509SecurityKey(certificate)|};
                }

                // Built in a helper of another type.
                void Helper(string token, TokenValidationParameters p)
                {
                    {|JWT006:p.IssuerSigningKeys = HeaderKeys.From(token)|};
                }
            }
            static class HeaderKeys
            {
                public static SecurityKey[] From(string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    return new SecurityKey[] { new JsonWebKey((string)jwt.Header["jwk"]) };
                }
            }
            """);

    [Fact]
    public Task IdentityModel_KeyFromTheHeader_NoHardenedRewriteThatWouldKeepIt()
        => JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
            JwtAnalyzers.Rules.DoNotBypassSigningKeyValidationAnalyzer,
            JwtAnalyzers.CodeFixes.Rules.UseHardenedValidationParametersCodeFix>.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(string token)
                {
                    var jwk = new JsonWebTokenHandler().ReadJsonWebToken(token).GetHeaderValue<string>("jwk");
                    return new TokenValidationParameters { ValidIssuer = "https://issuer", ValidAudience = "api", {|JWT006:IssuerSigningKey = new JsonWebKey(jwk)|} };
                }
            }
            """, """
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(string token)
                {
                    var jwk = new JsonWebTokenHandler().ReadJsonWebToken(token).GetHeaderValue<string>("jwk");
                    return new TokenValidationParameters { ValidIssuer = "https://issuer", ValidAudience = "api", {|JWT006:IssuerSigningKey = new JsonWebKey(jwk)|} };
                }
            }
            """, withRuntime: true);

    [Fact]
    public Task IdentityModel_ResolverReturnsAKeyReadInAHelper()
        => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static IEnumerable<SecurityKey> KeysFrom(JsonWebToken jwt) => new[] { new JsonWebKey(jwt.GetHeaderValue<string>("jwk")) };
                static IEnumerable<SecurityKey> Resolve(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
                    => KeysFrom((JsonWebToken)securityToken);
                void M(TokenValidationParameters p)
                {
                    {|JWT006:p.IssuerSigningKeyResolver = (token, securityToken, kid, parameters) => KeysFrom((JsonWebToken)securityToken)|};
                    {|JWT006:p.IssuerSigningKeyResolver = Resolve|};
                }
            }
            """);

    [Fact]
    public Task Jose_DecodeKeyFromTheTokenHeader()
        => VerifyJoseAsync("""
            using System;
            using System.Collections.Generic;
            using System.Security.Cryptography.X509Certificates;
            using Jose;
            class C
            {
                string EmbeddedJwk(string token)
                {
                    var headers = JWT.Headers(token);
                    var jwk = Jwk.FromDictionary((IDictionary<string, object>)headers["jwk"]);
                    return JWT.Decode(token, {|JWT006:jwk|}, JwsAlgorithm.RS256);
                }

                string CertificateChain(string token)
                {
                    var chain = (string)JWT.Headers(token)["x5c"];
                    using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(chain));
                    return JWT.Verify(token, {|JWT006:certificate.GetRSAPublicKey()|});
                }
            }
            """);

    [Fact]
    public Task JwtNet_KeyFromTheTokenHeader()
        => VerifyJwtNetAsync("""
            using System;
            using System.Security.Cryptography.X509Certificates;
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string Certificate(string token, IJwtDecoder decoder)
                {
                    var header = decoder.DecodeHeader<JWT.Builder.JwtHeader>(token);
                    var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(header.X5c[0]));
                    return new JwtBuilder().WithAlgorithm(new RS256Algorithm({|JWT006:certificate|})).MustVerifySignature().Decode(token);
                }

                string Secret(string token)
                {
                    var header = new JwtBuilder().DecodeHeader<JWT.Builder.JwtHeader>(token);
                    return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret({|JWT006:header.X5u|}).MustVerifySignature().Decode(token);
                }

                string Dictionary(string token, IJwtDecoder decoder)
                {
                    var header = decoder.DecodeHeaderToDictionary(token);
                    return decoder.Decode(token, {|JWT006:(string)header["jwk"]|}, verify: true);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_IdentityModelKeysFromConfigurationMetadataOrPickedByKid()
        => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                readonly IList<SecurityKey> _configured = new List<SecurityKey>();
                readonly Dictionary<string, object> _settings = new();

                void M(string token, TokenValidationParameters p, string secret, string jwksJson)
                {
                    // FP guard: a key from configuration, and keys from the provider's JWKS metadata.
                    p.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
                    p.IssuerSigningKeys = new JsonWebKeySet(jwksJson).GetSigningKeys();
                    // FP guard: kid read from the header picks a key from the configured set.
                    var kid = new JwtSecurityTokenHandler().ReadJwtToken(token).Header.Kid;
                    p.IssuerSigningKey = _configured.First(k => k.KeyId == kid);
                    p.IssuerSigningKeyResolver = (t, securityToken, keyId, parameters) => _configured.Where(k => k.KeyId == keyId);
                    // FP guard: a project dictionary with a "jwk" entry is not a token header.
                    p.IssuerSigningKey = new JsonWebKey((string)_settings["jwk"]);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_JoseKeyPickedByKid()
        => VerifyJoseAsync("""
            using System.Collections.Generic;
            using Jose;
            class C
            {
                readonly Dictionary<string, byte[]> _keys = new();
                readonly Dictionary<string, object> _settings = new();

                string A(string token)
                {
                    // FP guard: kid from the (unverified) header selects one of our own keys.
                    var kid = (string)JWT.Headers(token)["kid"];
                    return JWT.Decode(token, _keys[kid], JwsAlgorithm.HS256);
                }

                // FP guard: a project dictionary with a "jwk" entry is not a token header.
                string B(string token) => JWT.Decode(token, (byte[])_settings["jwk"], JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task NoDiagnostic_JwtNetKeyPickedByKid()
        => VerifyJwtNetAsync("""
            using System.Collections.Generic;
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;
            namespace App
            {
                // FP guard: a project type with an X5c property is not Jwt.Net's header.
                sealed class JwtHeader { public string X5c { get; set; } = ""; }
                class C
                {
                    readonly Dictionary<string, string> _keys = new();

                    string A(string token, IJwtDecoder decoder)
                    {
                        // FP guard: the header read for its kid only.
                        var kid = decoder.DecodeHeader<JWT.Builder.JwtHeader>(token).KeyId;
                        return decoder.Decode(token, _keys[kid], verify: true);
                    }

                    string B(string token)
                    {
                        var own = new JwtHeader { X5c = "configured" };
                        return new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(own.X5c).MustVerifySignature().Decode(token);
                    }
                }
            }
            """);
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
