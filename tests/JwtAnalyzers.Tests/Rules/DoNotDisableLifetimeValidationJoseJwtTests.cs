using JwtAnalyzers.Tests.Verifiers;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotDisableLifetimeValidationAnalyzer>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>
/// JWT003 for jose-jwt 5.3.0 (real package): <c>JWT.Decode</c>/<c>Verify</c> check the signature and validate no claim,
/// so decoded claims used without comparing <c>exp</c> with the current time accept expired tokens (catalog C-43).
/// </summary>
public sealed class DoNotDisableLifetimeValidationJoseJwtTests
{
    private static Task VerifyAsync(string source)
        => new Verify.Test { TestCode = source, References = TestReferences.Default.AddRange(TestReferences.JoseJwt) }.RunAsync();

    [Fact]
    public Task ClaimsReadAfterDecode()
        => VerifyAsync("""
            using System.Collections.Generic;
            using Jose;
            class C
            {
                // A claim read of the decoded dictionary.
                string Subject(string token, byte[] key)
                {
                    var claims = JWT.{|JWT003:Decode<IDictionary<string, object>>(token, key)|};
                    return (string)claims["sub"];
                }

                // The expected-algorithm overload verifies more, but still no claim.
                bool IsAdmin(string token, byte[] key)
                    => (string)JWT.{|JWT003:Decode<Dictionary<string, object>>(token, key, JwsAlgorithm.HS256)|}["role"] == "admin";
            }
            """);

    [Fact]
    public Task PrincipalBuiltFromDecodedClaims()
        => VerifyAsync("""
            using System.Security.Claims;
            using Jose;
            sealed class TokenClaims { public string Sub { get; set; } = ""; public long Exp { get; set; } }
            class C
            {
                ClaimsPrincipal Principal(string token, byte[] key)
                {
                    var claims = JWT.{|JWT003:Decode<TokenClaims>(token, key, JwsAlgorithm.HS256)|};
                    return new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, claims.Sub) }, "jose"));
                }
            }
            """);

    [Fact]
    public Task DecodedJsonDeserialisedAndDecided()
        => VerifyAsync("""
            using System.Text;
            using System.Text.Json;
            using Jose;
            class C
            {
                bool CanWrite(string token, byte[] key)
                {
                    var json = JWT.{|JWT003:Verify(token, key)|};
                    using var document = JsonDocument.Parse(json);
                    return document.RootElement.GetProperty("scope").GetString() == "write";
                }

                string Tenant(string token, byte[] key)
                {
                    var bytes = JWT.{|JWT003:DecodeBytes(token, key)|};
                    using var document = JsonDocument.Parse(Encoding.UTF8.GetString(bytes));
                    return document.RootElement.GetProperty("tid").GetString()!;
                }
            }
            """);

    [Fact]
    public Task DecodedInOneClassUsedInAnother()
        => VerifyAsync("""
            using System.Collections.Generic;
            using Jose;
            static class TokenReader
            {
                static readonly byte[] Key = new byte[32];
                public static IDictionary<string, object> Read(string token) => JWT.{|JWT003:Decode<IDictionary<string, object>>(token, Key)|};
            }
            class Controller
            {
                public string WhoAmI(string token) => (string)TokenReader.Read(token)["sub"];
            }
            """);

    [Fact]
    public Task ExpiryReadButNeverCompared()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using Jose;
            class C
            {
                string Describe(string token, byte[] key)
                {
                    var claims = JWT.{|JWT003:Decode<Dictionary<string, object>>(token, key)|};
                    // Reading 'exp' to print it is not a check.
                    Console.WriteLine(claims["exp"]);
                    return (string)claims["sub"];
                }
            }
            """);

    // ---- silent look-alikes ----

    [Fact]
    public Task NoDiagnostic_ExpiryComparedWithNow()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Security;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using Jose;
            sealed class TokenClaims
            {
                public string Sub { get; set; } = "";
                [JsonPropertyName("exp")] public long ExpiresAtUnix { get; set; }
            }
            sealed class Claims2 { public string Sub { get; set; } = ""; public long Exp { get; set; } }
            class C
            {
                // FP guard: the indexer read of "exp" compared with the current time.
                string A(string token, byte[] key)
                {
                    var claims = JWT.Decode<Dictionary<string, object>>(token, key);
                    if (Convert.ToInt64(claims["exp"]) < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
                    {
                        throw new SecurityException("expired");
                    }

                    return (string)claims["sub"];
                }

                // FP guard: TryGetValue("exp", out ...) and a DateTimeOffset comparison.
                string B(string token, byte[] key)
                {
                    var claims = JWT.Decode<IDictionary<string, object>>(token, key, JwsAlgorithm.HS256);
                    if (!claims.TryGetValue("exp", out var exp) || DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(exp)) <= DateTimeOffset.UtcNow)
                    {
                        throw new SecurityException("expired");
                    }

                    return (string)claims["sub"];
                }

                // FP guard: the project's claims type maps "exp" by attribute.
                string D(string token, byte[] key)
                {
                    var claims = JWT.Decode<TokenClaims>(token, key, JwsAlgorithm.HS256);
                    return claims.ExpiresAtUnix > DateTimeOffset.UtcNow.ToUnixTimeSeconds() ? claims.Sub : throw new SecurityException("expired");
                }

                // FP guard: the check lives in a helper the payload is handed to.
                string E(string token, byte[] key)
                {
                    var claims = JWT.Decode<Claims2>(token, key, JwsAlgorithm.HS256);
                    EnsureFresh(claims);
                    return claims.Sub;
                }

                static void EnsureFresh(Claims2 claims)
                {
                    if (claims.Exp <= DateTimeOffset.UtcNow.ToUnixTimeSeconds()) throw new SecurityException("expired");
                }

                // FP guard: the JSON payload's "exp" compared.
                string F(string token, byte[] key)
                {
                    using var document = JsonDocument.Parse(JWT.Verify(token, key));
                    var root = document.RootElement;
                    if (root.GetProperty("exp").GetInt64() < DateTimeOffset.UtcNow.ToUnixTimeSeconds()) throw new SecurityException("expired");
                    return root.GetProperty("sub").GetString()!;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_RawPayloadMeasuredLoggedOrReturned()
        => VerifyAsync("""
            using System;
            using Jose;
            public class C
            {
                private readonly byte[] _key = new byte[32];

                // FP guard: the JSON string's length is not a claim, and returning the payload to code outside the
                // compilation shows no use of its claims.
                public string ReadJose(string token)
                {
                    var json = JWT.Decode(token, _key, JwsAlgorithm.HS256);
                    Console.WriteLine($"Decoded {json.Length} characters");
                    return json;
                }

                public int Size(string token) => JWT.DecodeBytes(token, _key).Length;
            }
            """);

    [Fact]
    public Task NoDiagnostic_OtherCalls()
        => VerifyAsync("""
            using System.Collections.Generic;
            using Jose;
            namespace App
            {
                // FP guard: a project's own JWT.Decode is not jose-jwt's.
                static class JWT { public static IDictionary<string, object> Decode(string token, byte[] key) => new Dictionary<string, object>(); }
                class C
                {
                    string A(string token, byte[] key) => (string)JWT.Decode(token, key)["sub"];
                    // FP guard: encoding is JWT010's business.
                    string B(byte[] key) => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = "u" }, key, JwsAlgorithm.HS256);
                    // FP guard: decoding without a key is JWT001's finding, not a second JWT003.
                    string D(string token) => (string)Jose.JWT.Decode<Dictionary<string, object>>(token, null)["sub"];
                }
            }
            """);

    [Fact]
    public Task KnownLimit_DecodedPayloadDiscardedIsNotReported()
        => VerifyAsync("""
            using Jose;
            class C
            {
                // Only a signature check: the claims are not used here, so JWT003 has no use to point at (the
                // caller may still rely on the token being current; see the rule page's known limits).
                void Check(string token, byte[] key) => JWT.Decode(token, key);
                // Returned to code outside the compilation: no use in view.
                public string Payload(string token, byte[] key) => JWT.Decode(token, key);
            }
            """);
}
