using System.Collections.Concurrent;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>
/// The project's own attack suite (issue 12), table-driven: every attack class × every validation entry point of the
/// runtime, for HMAC, RSA, EC, mixed (RSA + EC) and JWE setups configured as documented. Each attack must be rejected with one of its
/// documented <see cref="JwtValidationReasons"/> (the reason is read from <see cref="JwtValidationException.Reason"/>,
/// from the handler's result, or from JwtBearer's AuthenticationFailed event); the control tokens must pass every entry
/// point, so a rejection never comes from a broken setup. Entry points:
/// <c>StrictTokenValidation.Create</c> + <c>JsonWebTokenHandler</c> / <c>JwtSecurityTokenHandler</c>;
/// <c>SafeTokenValidation.Validate</c> / <c>ValidateAsync</c>; <c>ValidateOrThrowAsync</c> on both handlers;
/// <c>ValidateFromConfiguration(Async)</c> (HMAC setup: the configuration holds an HMAC secret);
/// <c>AddStrictJwtBearer</c> through TestServer.
/// </summary>
public sealed class AttackSuiteTests
{
    // ---------------------------------------------------------------- setups

    public sealed class Setup
    {
        public required string Name { get; init; }
        public required SecurityKey SigningKey { get; init; }          // what the genuine issuer signs with
        public required string Algorithm { get; init; }
        public required Action<StrictJwtOptions> Configure { get; init; } // what the API is configured with
        public SecurityKey? VerificationKey { get; init; }             // public part, for confusion attacks
        public EncryptingCredentials? Encrypting { get; init; }          // JWE setup: the issuer encrypts
        public IConfiguration? Configuration { get; init; }           // HMAC setup: configuration entry points

        public TokenValidationParameters Parameters() => StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            Configure(o);
        });

        public override string ToString() => Name;
    }

    private static readonly string HmacSecret = SigningKeys.GenerateBase64Secret();
    private static readonly RsaSecurityKey RsaPrivate = TestTokens.NewRsaKey();
    private static readonly RsaSecurityKey RsaPublic = TestTokens.PublicOnly(RsaPrivate);
    private static readonly ECDsa EcPrivateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private static readonly RsaSecurityKey JweDecryption = TestTokens.NewRsaKey();

    /// <summary>The attacker's own key pair (one for the whole suite: RSA key generation dominates its run time).</summary>
    private static readonly RsaSecurityKey Attacker = TestTokens.NewRsaKey();

    private static readonly Dictionary<string, Setup> Setups = new[]
    {
        new Setup
        {
            Name = "HMAC",
            SigningKey = SigningKeys.FromBase64(HmacSecret),
            Algorithm = SecurityAlgorithms.HmacSha256,
            Configure = o => o.SigningKeys.Add(SigningKeys.FromBase64(HmacSecret)),
            Configuration = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", HmacSecret)),
        },
        new Setup
        {
            Name = "RSA",
            SigningKey = RsaPrivate,
            Algorithm = SecurityAlgorithms.RsaSha256,
            VerificationKey = RsaPublic,
            Configure = o => o.SigningKeys.Add(RsaPublic),
        },
        new Setup
        {
            Name = "EC",
            SigningKey = new ECDsaSecurityKey(EcPrivateKey),
            Algorithm = SecurityAlgorithms.EcdsaSha256,
            VerificationKey = EcPublic(),
            Configure = o => o.SigningKeys.Add(EcPublic()),
        },
        new Setup
        {
            // RSA and EC keys side by side: the algorithms are derived per key family (RS*/PS* and ES256).
            Name = "Mixed",
            SigningKey = RsaPrivate,
            Algorithm = SecurityAlgorithms.RsaSha256,
            VerificationKey = RsaPublic,
            Configure = o =>
            {
                o.SigningKeys.Add(RsaPublic);
                o.SigningKeys.Add(EcPublic());
            },
        },
        new Setup
        {
            Name = "JWE",
            SigningKey = RsaPrivate,
            Algorithm = SecurityAlgorithms.RsaSha256,
            VerificationKey = RsaPublic,
            Encrypting = new EncryptingCredentials(TestTokens.PublicOnly(JweDecryption), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512),
            Configure = o =>
            {
                o.SigningKeys.Add(RsaPublic);
                o.DecryptionKeys.Add(JweDecryption);
            },
        },
    }.ToDictionary(s => s.Name);

    private static ECDsaSecurityKey EcPublic()
    {
        var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(EcPrivateKey.ExportSubjectPublicKeyInfo(), out _);
        return new ECDsaSecurityKey(ec);
    }

    // ---------------------------------------------------------------- token building

    private static long Now => TestTokens.Now;

    private static string Header(Setup s, string extra = "", string typ = "JWT") => $"{{\"alg\":\"{s.Algorithm}\",\"typ\":\"{typ}\"{extra}}}";

    private static string Claims(long? exp = null, long? iat = null, string aud = TestTokens.Audience, string iss = TestTokens.Issuer, string extra = "", bool withExp = true, long? nbf = null)
    {
        var now = Now;
        var json = new StringBuilder($"{{\"iss\":\"{iss}\",\"aud\":\"{aud}\",\"sub\":\"alice\",\"nbf\":{nbf ?? now - 5},\"iat\":{iat ?? now}");
        if (withExp)
        {
            json.Append($",\"exp\":{exp ?? now + 600}");
        }

        return json.Append(extra).Append('}').ToString();
    }

    /// <summary>Signs exactly the given header and payload JSON with the key (raw, so malformed shapes can be produced).</summary>
    private static string Sign(string headerJson, string payloadJson, SecurityKey key, string algorithm)
    {
        var input = TestTokens.Base64Url(headerJson) + "." + TestTokens.Base64Url(payloadJson);
        var provider = key.CryptoProviderFactory.CreateForSigning(key, algorithm);
        try
        {
            return input + "." + Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(input)));
        }
        finally
        {
            key.CryptoProviderFactory.ReleaseSignatureProvider(provider);
        }
    }

    /// <summary>A genuine token of the setup (JWS, or JWE around a JWS for the JWE setup), with the given payload.</summary>
    private static string Genuine(Setup s, string? payload = null, string headerExtra = "", string typ = "JWT")
    {
        var jws = Sign(Header(s, headerExtra, typ), payload ?? Claims(), s.SigningKey, s.Algorithm);
        return s.Encrypting is null ? jws : new JsonWebTokenHandler().EncryptToken(jws, s.Encrypting);
    }

    private static string Unsigned(string alg, string payload, string signature = "") =>
        TestTokens.Base64Url($"{{\"alg\":\"{alg}\",\"typ\":\"JWT\"}}") + "." + TestTokens.Base64Url(payload) + "." + signature;

    /// <summary>HS256 over the attacker's claims, keyed with public key material in some encoding (RS/ES→HS confusion).</summary>
    private static string Confused(Setup s, Func<Setup, byte[]> material) =>
        Sign("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", Claims(extra: ",\"role\":\"admin\""), new SymmetricSecurityKey(material(s)), SecurityAlgorithms.HmacSha256);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static AsymmetricAlgorithm PublicAlgorithm(Setup s) => s.VerificationKey switch
    {
        RsaSecurityKey rsa => rsa.Rsa,
        ECDsaSecurityKey ec => ec.ECDsa,
        _ => throw new InvalidOperationException(),
    };

    private static string Jwk(Setup s) => System.Text.Json.JsonSerializer.Serialize(JsonWebKeyConverter.ConvertFromSecurityKey(s.VerificationKey!), new System.Text.Json.JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

    // ---------------------------------------------------------------- the attack table

    public sealed record Attack(string Name, string[] Setups, string[] Reasons, Func<Setup, string> Token)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] Signed = { "HMAC", "RSA", "EC", "Mixed", "JWE" };
    private static readonly string[] Jws = { "HMAC", "RSA", "EC", "Mixed" };
    private static readonly string[] Asymmetric = { "RSA", "EC", "Mixed", "JWE" };
    private static readonly string[] Forged = { JwtValidationReasons.InvalidSignature, JwtValidationReasons.InvalidAlgorithm, JwtValidationReasons.Unsigned, JwtValidationReasons.DecryptionFailed };
    private static readonly string[] UnsignedReasons = { JwtValidationReasons.Unsigned, JwtValidationReasons.InvalidAlgorithm, JwtValidationReasons.InvalidSignature, JwtValidationReasons.DecryptionFailed, JwtValidationReasons.Malformed };
    private static readonly string[] MalformedReasons = { JwtValidationReasons.Malformed, JwtValidationReasons.InvalidSignature, JwtValidationReasons.DecryptionFailed };

    private static string Tail(string token) => token.Substring(token.LastIndexOf('.') + 1);

    private static string WithoutTail(string token) => token.Substring(0, token.LastIndexOf('.') + 1);

    public static readonly Attack[] Attacks =
    {
        // alg: none in every spelling, with and without a signature
        new("alg none", Signed, UnsignedReasons, s => Unsigned("none", Claims())),
        new("alg None", Signed, UnsignedReasons, s => Unsigned("None", Claims())),
        new("alg NONE", Signed, UnsignedReasons, s => Unsigned("NONE", Claims())),
        new("alg nOnE", Signed, UnsignedReasons, s => Unsigned("nOnE", Claims())),
        new("alg none with a signature kept", Jws, UnsignedReasons, s => Unsigned("none", Claims(), Tail(Genuine(s)))),
        new("alg empty", Signed, UnsignedReasons, s => Unsigned("", Claims())),
        // signatures stripped and transplanted
        new("signature stripped", Jws, UnsignedReasons, s => WithoutTail(Genuine(s))),
        new("signature transplanted onto other claims", Jws, Forged, s => TestTokens.Base64Url(Header(s)) + "." + TestTokens.Base64Url(Claims(extra: ",\"role\":\"admin\"")) + "." + Tail(Genuine(s))),
        // RS/ES → HS confusion with the configured public key in eight encodings
        new("HS256 keyed with the public key PEM", Asymmetric, Forged, s => Confused(s, k => Utf8(PublicAlgorithm(k).ExportSubjectPublicKeyInfoPem()))),
        new("HS256 keyed with the public key PEM (CRLF)", Asymmetric, Forged, s => Confused(s, k => Utf8(PublicAlgorithm(k).ExportSubjectPublicKeyInfoPem().Replace("\n", "\r\n")))),
        new("HS256 keyed with the public key PEM body", Asymmetric, Forged, s => Confused(s, k => Utf8(Convert.ToBase64String(PublicAlgorithm(k).ExportSubjectPublicKeyInfo())))),
        new("HS256 keyed with the public key DER", Asymmetric, Forged, s => Confused(s, k => PublicAlgorithm(k).ExportSubjectPublicKeyInfo())),
        new("HS256 keyed with the PKCS#1 DER", new[] { "RSA", "Mixed" }, Forged, s => Confused(s, k => ((RsaSecurityKey)k.VerificationKey!).Rsa.ExportRSAPublicKey())),
        new("HS256 keyed with the JWK JSON", Asymmetric, Forged, s => Confused(s, k => Utf8(Jwk(k)))),
        new("HS256 keyed with the JWKS 'n' bytes", new[] { "RSA", "Mixed", "JWE" }, Forged, s => Confused(s, k => ((RsaSecurityKey)k.VerificationKey!).Rsa.ExportParameters(false).Modulus!)),
        new("HS256 keyed with the JWKS 'n' text", new[] { "RSA", "Mixed", "JWE" }, Forged, s => Confused(s, k => Utf8(Base64UrlEncoder.Encode(((RsaSecurityKey)k.VerificationKey!).Rsa.ExportParameters(false).Modulus!)))),
        // keys carried by the token
        new("embedded jwk header", Jws, Forged, s =>
        {
            var attacker = Attacker;
            var jwk = System.Text.Json.JsonSerializer.Serialize(new { kty = "RSA", n = Base64UrlEncoder.Encode(attacker.Rsa.ExportParameters(false).Modulus!), e = "AQAB" });
            return Sign($"{{\"alg\":\"RS256\",\"typ\":\"JWT\",\"jwk\":{jwk}}}", Claims(), attacker, SecurityAlgorithms.RsaSha256);
        }),
        new("jku and x5u headers", Jws, Forged, s => Sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"jku\":\"https://attacker.example/jwks\",\"x5u\":\"https://attacker.example/cert\"}", Claims(), Attacker, SecurityAlgorithms.RsaSha256)),
        new("x5c header with the attacker's certificate", Jws, Forged, s =>
        {
            using var cert = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=attacker", Attacker.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            return Sign($"{{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\"{Convert.ToBase64String(cert.RawData)}\"]}}", Claims(), Attacker, SecurityAlgorithms.RsaSha256);
        }),
        new("kid path traversal signed with an empty-file key", Jws, Forged, s => Sign("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"../../../../dev/null\"}", Claims(), new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256)),
        new("kid SQL injection", Jws, Forged, s => Sign("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"x' UNION SELECT 'secret'--\"}", Claims(), new SymmetricSecurityKey(Utf8("secretsecretsecretsecretsecret12")), SecurityAlgorithms.HmacSha256)),
        // psychic signatures (CVE-2022-21449): r = s = 0
        new("psychic ECDSA signature", new[] { "EC", "Mixed" }, Forged, s => TestTokens.Base64Url("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + TestTokens.Base64Url(Claims()) + "." + Base64UrlEncoder.Encode(new byte[64])),
        // JWE confusion: the attacker encrypts an unsigned token to the API's public encryption key
        new("JWE around an unsigned token", new[] { "JWE" }, UnsignedReasons, s => new JsonWebTokenHandler().EncryptToken(Unsigned("none", Claims()), s.Encrypting!)),
        new("JWE around a token signed with another key", new[] { "JWE" }, Forged, s => new JsonWebTokenHandler().EncryptToken(Sign(Header(s), Claims(), Attacker, SecurityAlgorithms.RsaSha256), s.Encrypting!)),
        new("JWE with RSA1_5", new[] { "JWE" }, new[] { JwtValidationReasons.DecryptionFailed, JwtValidationReasons.InvalidAlgorithm, JwtValidationReasons.Invalid }, s => new JsonWebTokenHandler().EncryptToken(Sign(Header(s), Claims(), s.SigningKey, s.Algorithm), new EncryptingCredentials(TestTokens.PublicOnly(JweDecryption), SecurityAlgorithms.RsaPKCS1, SecurityAlgorithms.Aes256CbcHmacSha512))),
        // lifetime
        new("expired", Signed, new[] { JwtValidationReasons.Expired }, s => Genuine(s, Claims(exp: Now - 3600, iat: Now - 4000, nbf: Now - 4000))),
        new("no exp", Signed, new[] { JwtValidationReasons.NoExpiration }, s => Genuine(s, Claims(withExp: false))),
        new("exp 100 years ahead", Signed, new[] { JwtValidationReasons.LifetimeTooLong }, s => Genuine(s, Claims(exp: Now + (100L * 365 * 24 * 3600)))),
        new("exp long.MaxValue", Signed, new[] { JwtValidationReasons.LifetimeTooLong, JwtValidationReasons.Malformed, JwtValidationReasons.InvalidLifetime }, s => Genuine(s, Claims(exp: long.MaxValue))),
        new("exp 100 years ahead without iat", Signed, new[] { JwtValidationReasons.LifetimeTooLong }, s => Genuine(s, Claims(exp: Now + (100L * 365 * 24 * 3600)).Replace($",\"iat\":{Now}", string.Empty))),
        new("iat 30 days ago", Signed, new[] { JwtValidationReasons.LifetimeTooLong }, s => Genuine(s, Claims(iat: Now - (30 * 24 * 3600), nbf: Now - (30 * 24 * 3600)))),
        new("iat in the future", Signed, new[] { JwtValidationReasons.IssuedInFuture }, s => Genuine(s, Claims(iat: Now + 3600))),
        new("exp as a string", Signed, new[] { JwtValidationReasons.Malformed }, s => Genuine(s, Claims().Replace($"\"exp\":{Now + 600}", $"\"exp\":\"{Now + 600}\""))),
        // audience, issuer, type
        new("aud with a trailing slash", Signed, new[] { JwtValidationReasons.InvalidAudience }, s => Genuine(s, Claims(aud: TestTokens.Audience + "/"))),
        new("another audience", Signed, new[] { JwtValidationReasons.InvalidAudience }, s => Genuine(s, Claims(aud: "api://payments"))),
        new("another issuer", Signed, new[] { JwtValidationReasons.InvalidIssuer }, s => Genuine(s, Claims(iss: "https://evil.test"))),
        new("typ refresh+jwt", Signed, new[] { JwtValidationReasons.InvalidType }, s => Genuine(s, typ: "refresh+jwt")),
        new("typ dpop+jwt", Signed, new[] { JwtValidationReasons.InvalidType }, s => Genuine(s, typ: "dpop+jwt")),
        // crit
        new("crit header", Signed, new[] { JwtValidationReasons.UnsupportedCriticalHeader }, s => Genuine(s, headerExtra: ",\"crit\":[\"exp_policy\"],\"exp_policy\":\"strict\"")),
        // one token, one spelling
        new("padding on the signature", Jws, MalformedReasons, s => Genuine(s) + "="),
        new("non-canonical last signature character", new[] { "HMAC" }, MalformedReasons, s =>
        {
            var token = Genuine(s);
            // HS256 signatures are 32 bytes: 43 characters whose last one carries 2 unused bits.
            var last = token[^1];
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            return token[..^1] + alphabet[alphabet.IndexOf(last) | 1];
        }),
        new("trailing data after the payload JSON", Jws, MalformedReasons, s => Sign(Header(s), Claims() + " {\"role\":\"admin\"}", s.SigningKey, s.Algorithm)),
        new("payload that is not an object", Jws, MalformedReasons, s => Sign(Header(s), "[" + Claims() + "]", s.SigningKey, s.Algorithm)),
        // size and depth
        new("oversized token", Signed, new[] { JwtValidationReasons.TooLarge, JwtValidationReasons.Malformed, JwtValidationReasons.Invalid }, s => Genuine(s, Claims(extra: ",\"pad\":\"" + new string('a', 300_000) + "\""))),
        new("deeply nested payload", Jws, MalformedReasons, s => Sign(Header(s), Claims(extra: ",\"x\":" + new string('[', 5000) + new string(']', 5000)), s.SigningKey, s.Algorithm)),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var attack in Attacks)
        {
            foreach (var setup in attack.Setups)
            {
                data.Add(attack.Name, setup);
            }
        }

        return data;
    }

    // ---------------------------------------------------------------- entry points

    private delegate Task<string?> EntryPoint(Setup setup, string token);

    /// <summary>Runs one entry point; returns null when the token was accepted, otherwise the rejection reason.</summary>
    private static IEnumerable<(string Name, EntryPoint Run)> EntryPoints(Setup setup)
    {
        yield return ("Create + JsonWebTokenHandler", (s, t) => Handler(new JsonWebTokenHandler(), s, t));
        yield return ("Create + JwtSecurityTokenHandler", (s, t) => Handler(new JwtSecurityTokenHandler(), s, t));
        yield return ("SafeTokenValidation.Validate", (s, t) => Safe(() => Task.FromResult(SafeTokenValidation.Validate(t, s.Parameters())), t));
        yield return ("SafeTokenValidation.ValidateAsync", (s, t) => Safe(() => SafeTokenValidation.ValidateAsync(t, s.Parameters()), t));
        yield return ("JsonWebTokenHandler.ValidateOrThrowAsync", (s, t) => Safe(() => new JsonWebTokenHandler().ValidateOrThrowAsync(t, s.Parameters()), t));
        yield return ("JwtSecurityTokenHandler.ValidateOrThrowAsync", (s, t) => Safe(() => new JwtSecurityTokenHandler().ValidateOrThrowAsync(t, s.Parameters()), t));
        if (setup.Configuration is { } configuration)
        {
            yield return ("SafeTokenValidation.ValidateFromConfiguration", (s, t) => Safe(() => Task.FromResult(SafeTokenValidation.ValidateFromConfiguration(t, configuration)), t));
            yield return ("SafeTokenValidation.ValidateFromConfigurationAsync", (s, t) => Safe(() => SafeTokenValidation.ValidateFromConfigurationAsync(t, configuration), t));
        }

        yield return ("AddStrictJwtBearer (TestServer)", Bearer);
    }

    private static async Task<string?> Handler(TokenHandler handler, Setup setup, string token)
    {
        var parameters = setup.Parameters();
        var result = await handler.ValidateTokenAsync(token, parameters);
        return result.IsValid ? null : SafeTokenValidation.Rejected(result.Exception, parameters).Reason;
    }

    private static async Task<string?> Safe(Func<Task<ClaimsPrincipal>> validate, string token)
    {
        try
        {
            await validate();
            return null;
        }
        catch (JwtValidationException e)
        {
            Assert.DoesNotContain(token.Length > 40 ? token.Substring(token.Length - 40) : token, e.Message, StringComparison.Ordinal);
            return e.Reason;
        }
    }

    private static readonly ConcurrentDictionary<string, Lazy<Task<TestServer>>> Servers = new();
    private static readonly ConcurrentDictionary<string, string> BearerFailures = new();

    private static async Task<string?> Bearer(Setup setup, string token)
    {
        var server = await Servers.GetOrAdd(setup.Name, _ => new Lazy<Task<TestServer>>(() => StartServer(setup))).Value;
        var id = Guid.NewGuid().ToString("N");
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        request.Headers.Add("X-Attack-Id", id);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("alice", await response.Content.ReadAsStringAsync());
            return null;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("error_description", response.Headers.WwwAuthenticate.ToString());
        return BearerFailures.TryRemove(id, out var reason) ? reason : "unauthenticated";
    }

    private static async Task<TestServer> StartServer(Setup setup)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        if (setup.Configuration is not null)
        {
            authentication.AddStrictJwtBearer(setup.Configuration);
        }
        else
        {
            authentication.AddStrictJwtBearer(o =>
            {
                o.ValidIssuers.Add(TestTokens.Issuer);
                o.ValidAudiences.Add(TestTokens.Audience);
                setup.Configure(o);
            });
        }

        builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                var id = context.Request.Headers["X-Attack-Id"].ToString();
                BearerFailures[id] = SafeTokenValidation.Rejected(context.Exception, context.Options.TokenValidationParameters).Reason;
                return Task.CompletedTask;
            },
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (HttpContext c) => (c.User.FindFirst("sub") ?? c.User.FindFirst(ClaimTypes.NameIdentifier))?.Value ?? "?").RequireAuthorization();
        await app.StartAsync();
        return app.GetTestServer();
    }

    // ---------------------------------------------------------------- the tests

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Attack_is_rejected_with_its_documented_reason_by_every_entry_point(string attackName, string setupName)
    {
        var attack = Attacks.Single(a => a.Name == attackName);
        var setup = Setups[setupName];
        var token = attack.Token(setup);
        foreach (var (path, run) in EntryPoints(setup))
        {
            var reason = await run(setup, token);
            Assert.True(reason is not null, $"{path} accepted the '{attack.Name}' attack ({setup.Name})");
            Assert.True(attack.Reasons.Contains(reason), $"{path} rejected '{attack.Name}' ({setup.Name}) with '{reason}', expected one of {string.Join(", ", attack.Reasons)}");
        }
    }

    public static TheoryData<string, string> Controls()
    {
        var data = new TheoryData<string, string>();
        foreach (var setup in Setups.Keys)
        {
            foreach (var control in new[] { "genuine", "typ at+jwt", "typ application/at+jwt", "no typ", "lifetime just under 24 hours", "SafeTokenIssuer" })
            {
                data.Add(control, setup);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Control_token_passes_every_entry_point(string control, string setupName)
    {
        var setup = Setups[setupName];
        var token = control switch
        {
            "genuine" => Genuine(setup),
            "typ at+jwt" => Genuine(setup, typ: "at+jwt"),
            "typ application/at+jwt" => Genuine(setup, typ: "application/AT+JWT"),
            "no typ" => Encrypt(setup, Sign($"{{\"alg\":\"{setup.Algorithm}\"}}", Claims(), setup.SigningKey, setup.Algorithm)),
            "lifetime just under 24 hours" => Genuine(setup, Claims(exp: Now + (23 * 3600))),
            "SafeTokenIssuer" => Encrypt(setup, SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "alice") }, new SigningCredentials(setup.SigningKey, setup.Algorithm), TestTokens.Issuer, TestTokens.Audience, TimeSpan.FromMinutes(5))),
            _ => throw new ArgumentOutOfRangeException(nameof(control)),
        };
        foreach (var (path, run) in EntryPoints(setup))
        {
            var reason = await run(setup, token);
            Assert.True(reason is null, $"{path} rejected the control token '{control}' ({setup.Name}): {reason}");
        }
    }

    private static string Encrypt(Setup setup, string jws) => setup.Encrypting is null ? jws : new JsonWebTokenHandler().EncryptToken(jws, setup.Encrypting);

    [Fact]
    public void Every_attack_class_of_the_issue_is_in_the_table()
    {
        var names = string.Join("|", Attacks.Select(a => a.Name));
        foreach (var required in new[] { "alg none", "stripped", "transplanted", "PEM", "DER", "JWK", "jwk header", "jku", "x5c", "kid", "psychic", "JWE", "100 years", "long.MaxValue", "iat in the future", "exp as a string", "trailing slash", "crit", "typ refresh", "typ dpop", "padding", "trailing data", "oversized", "nested" })
        {
            Assert.Contains(required, names, StringComparison.Ordinal);
        }

        Assert.True(Attacks.Count(a => a.Name.StartsWith("HS256 keyed with", StringComparison.Ordinal)) >= 8, "eight encodings of the public key");
    }
}
