using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using JwtAnalyzers.Runtime;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>
/// The three classic forgeries (an 'alg: none' token, a token with its signature stripped, and an RS256 token re-signed
/// with HS256 using the RSA public key as the HMAC secret) are refused by every runtime validation path, while the
/// genuine token passes the same path (so a rejection is never the result of a broken setup).
/// </summary>
public sealed class AttackTokenTests
{
    private static readonly RsaSecurityKey Private = TestTokens.NewRsaKey();
    private static readonly RsaSecurityKey Public = TestTokens.PublicOnly(Private);

    private static string Genuine => TestTokens.Create(Private, SecurityAlgorithms.RsaSha256);

    private static string ClaimsJson => "{\"iss\":\"" + TestTokens.Issuer + "\",\"aud\":\"" + TestTokens.Audience + "\",\"sub\":\"mallory\",\"role\":\"admin\",\"nbf\":"
                                        + TestTokens.Now + ",\"exp\":" + (TestTokens.Now + 600) + "}";

    /// <summary>Header {"alg":"none"}, the attacker's claims, empty signature.</summary>
    private static string AlgNone => TestTokens.Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + TestTokens.Base64Url(ClaimsJson) + ".";

    /// <summary>A genuine RS256 token whose signature segment is removed.</summary>
    private static string Stripped => Genuine.Substring(0, Genuine.LastIndexOf('.') + 1);

    /// <summary>HS256 over the attacker's claims, keyed with the public key's PEM text (RS256 to HS256 key confusion).</summary>
    private static string ConfusedHs256
    {
        get
        {
            var pemSecret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.PublicPem(Private)));
            return new JsonWebTokenHandler().CreateToken(ClaimsJson, new SigningCredentials(pemSecret, SecurityAlgorithms.HmacSha256));
        }
    }

    public static TheoryData<string> Attacks => new() { "none", "stripped", "confused" };

    private static string Attack(string name) => name switch
    {
        "none" => AlgNone,
        "stripped" => Stripped,
        "confused" => ConfusedHs256,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static TokenValidationParameters StrictRsaParameters() => StrictTokenValidation.Create(o =>
    {
        o.ValidIssuers.Add(TestTokens.Issuer);
        o.ValidAudiences.Add(TestTokens.Audience);
        o.SigningKeys.Add(Public);
    });

    /// <summary>Every validation entry point of the runtime, with strict parameters for the RSA public key.</summary>
    private static IEnumerable<(string Path, Func<string, Task<ClaimsPrincipal>> Validate)> Paths()
    {
        yield return ("SafeTokenValidation.ValidateAsync", t => SafeTokenValidation.ValidateAsync(t, StrictRsaParameters()));
        yield return ("SafeTokenValidation.Validate", t => Task.FromResult(SafeTokenValidation.Validate(t, StrictRsaParameters())));
        yield return ("JsonWebTokenHandler.ValidateOrThrowAsync", t => new JsonWebTokenHandler().ValidateOrThrowAsync(t, StrictRsaParameters()));
        yield return ("JwtSecurityTokenHandler.ValidateOrThrowAsync", t => new JwtSecurityTokenHandler().ValidateOrThrowAsync(t, StrictRsaParameters()));
    }

    [Fact]
    public async Task Genuine_token_passes_every_path()
    {
        foreach (var (path, validate) in Paths())
        {
            var principal = await validate(Genuine);
            // JwtSecurityTokenHandler maps "sub" to ClaimTypes.NameIdentifier.
            Assert.True((principal.FindFirst("sub") ?? principal.FindFirst(ClaimTypes.NameIdentifier))?.Value == "alice", path);
        }
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Forgery_is_rejected_by_every_path(string attack)
    {
        var token = Attack(attack);
        foreach (var (path, validate) in Paths())
        {
            var error = await Record.ExceptionAsync(() => validate(token));
            Assert.True(error is not null, $"{path} accepted the '{attack}' forgery");
            Assert.DoesNotContain(token, error!.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Even when the caller hands over the parameters that make IdentityModel itself accept the forgeries
    /// (RequireSignedTokens = false, an HMAC key made from the public PEM next to the RSA key, nothing pinned),
    /// the runtime refuses to validate with them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Forgery_is_rejected_even_with_permissive_parameters(string attack)
    {
        TokenValidationParameters Permissive() => new()
        {
            ValidIssuer = TestTokens.Issuer,
            ValidAudience = TestTokens.Audience,
            RequireSignedTokens = false,
            IssuerSigningKeys = new SecurityKey[] { Public, new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.PublicPem(Private))) },
        };

        // Control: IdentityModel alone accepts the forgery with these parameters (V2/V4/V19 of the pattern catalog).
        var raw = await new JsonWebTokenHandler().ValidateTokenAsync(Attack(attack), Permissive());
        Assert.True(raw.IsValid, "control: IdentityModel should accept the forgery with permissive parameters");

        var token = Attack(attack);
        Assert.NotNull(await Record.ExceptionAsync(() => SafeTokenValidation.ValidateAsync(token, Permissive())));
        Assert.NotNull(Record.Exception(() => SafeTokenValidation.Validate(token, Permissive())));
        Assert.NotNull(await Record.ExceptionAsync(() => new JsonWebTokenHandler().ValidateOrThrowAsync(token, Permissive())));
        Assert.NotNull(await Record.ExceptionAsync(() => new JwtSecurityTokenHandler().ValidateOrThrowAsync(token, Permissive())));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Forgery_is_rejected_by_the_configuration_path(string attack)
    {
        var secret = SigningKeys.GenerateBase64Secret();
        var configuration = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", secret));

        // Control: a token signed with the configured secret passes.
        var genuine = TestTokens.Create(new SymmetricSecurityKey(Convert.FromBase64String(secret)), SecurityAlgorithms.HmacSha256);
        Assert.NotNull(await SafeTokenValidation.ValidateFromConfigurationAsync(genuine, configuration));
        Assert.NotNull(SafeTokenValidation.ValidateFromConfiguration(genuine, configuration));

        var token = attack == "stripped" ? genuine.Substring(0, genuine.LastIndexOf('.') + 1) : Attack(attack);
        Assert.NotNull(await Record.ExceptionAsync(() => SafeTokenValidation.ValidateFromConfigurationAsync(token, configuration)));
        // The synchronous path the JWT014 fix rewrites to rejects the same forgeries with the library's own error.
        Assert.IsType<JwtValidationException>(Record.Exception(() => SafeTokenValidation.ValidateFromConfiguration(token, configuration)));
    }
}
