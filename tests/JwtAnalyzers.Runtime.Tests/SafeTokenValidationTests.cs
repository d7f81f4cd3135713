using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>Real tokens signed by IdentityModel with real keys, validated by every runtime path.</summary>
public class SafeTokenValidationTests
{
    private static readonly SymmetricSecurityKey HmacKey = TestTokens.NewHmacKey();
    private static readonly RsaSecurityKey RsaKey = TestTokens.NewRsaKey();

    private static TokenValidationParameters HmacParameters() => StrictTokenValidation.Create(o =>
    {
        o.ValidIssuers.Add(TestTokens.Issuer);
        o.ValidAudiences.Add(TestTokens.Audience);
        o.SigningKeys.Add(HmacKey);
    });

    private static TokenValidationParameters RsaParameters() => StrictTokenValidation.Create(o =>
    {
        o.ValidIssuers.Add(TestTokens.Issuer);
        o.ValidAudiences.Add(TestTokens.Audience);
        o.SigningKeys.Add(SigningKeys.FromPublicKeyPem(TestTokens.PublicPem(RsaKey)));
    });

    /// <summary>Every runtime validation path: static async, sync, and the TokenHandler extension with both handlers.</summary>
    public static TheoryData<string> Paths => new() { "ValidateAsync", "Validate", "JsonWebTokenHandler", "JwtSecurityTokenHandler" };

    private static async Task<System.Security.Claims.ClaimsPrincipal> Run(string path, string token, TokenValidationParameters parameters) => path switch
    {
        "ValidateAsync" => await SafeTokenValidation.ValidateAsync(token, parameters),
        "Validate" => SafeTokenValidation.Validate(token, parameters),
        "JsonWebTokenHandler" => await new JsonWebTokenHandler().ValidateOrThrowAsync(token, parameters),
        "JwtSecurityTokenHandler" => await new JwtSecurityTokenHandler().ValidateOrThrowAsync(token, parameters),
        _ => throw new ArgumentOutOfRangeException(nameof(path)),
    };

    private static async Task<JwtValidationException> Rejects(string path, string token, TokenValidationParameters parameters, params string[] reasons)
    {
        var e = await Assert.ThrowsAsync<JwtValidationException>(() => Run(path, token, parameters));
        Assert.Contains(e.Reason, reasons);
        if (!string.IsNullOrEmpty(token))
        {
            Assert.DoesNotContain(token, e.Message);
            foreach (var part in token.Split('.').Where(p => p.Length > 8))
            {
                Assert.DoesNotContain(part, e.Message);
            }
        }

        Assert.Null(e.InnerException);
        return e;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_good_hmac_token_is_accepted(string path)
    {
        var principal = await Run(path, TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256), HmacParameters());
        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.Contains(principal.Claims, c => c.Value == "alice");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_good_rsa_token_is_accepted(string path)
    {
        var principal = await Run(path, TestTokens.Create(RsaKey, SecurityAlgorithms.RsaSha256), RsaParameters());
        Assert.Contains(principal.Claims, c => c.Value == "alice");
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_tampered_payload_is_rejected(string path)
    {
        var parts = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256).Split('.');
        var payload = TestTokens.Payload(string.Join('.', parts)).Replace("\"user\"", "\"admin\"", StringComparison.Ordinal);
        Assert.Contains("admin", payload);
        var tampered = $"{parts[0]}.{TestTokens.Base64Url(payload)}.{parts[2]}";
        var e = await Rejects(path, tampered, HmacParameters(), JwtValidationReasons.InvalidSignature);
        Assert.Contains("signature", e.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_alg_none_token_is_rejected(string path)
    {
        var good = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256);
        var none = $"{TestTokens.Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{good.Split('.')[1]}.";
        var e = await Rejects(path, none, HmacParameters(), JwtValidationReasons.Unsigned);
        Assert.Contains("not signed", e.Message);

        var noneUpper = $"{TestTokens.Base64Url("{\"alg\":\"NONE\"}")}.{good.Split('.')[1]}.";
        await Rejects(path, noneUpper, HmacParameters(), JwtValidationReasons.Unsigned);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_with_its_signature_stripped_is_rejected(string path)
    {
        var good = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256);
        var stripped = good[..(good.LastIndexOf('.') + 1)];
        await Rejects(path, stripped, HmacParameters(), JwtValidationReasons.Unsigned);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_expired_token_is_rejected(string path)
    {
        var expired = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256, d =>
        {
            d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-2);
            d.Expires = DateTime.UtcNow.AddMinutes(-10);
        });
        var e = await Rejects(path, expired, HmacParameters(), JwtValidationReasons.Expired);
        Assert.Contains("expired at", e.Message);
        Assert.Contains("00:01:00", e.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_not_yet_valid_token_is_rejected(string path)
    {
        var future = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256, d =>
        {
            d.IssuedAt = DateTime.UtcNow;
            d.NotBefore = DateTime.UtcNow.AddHours(1);
            d.Expires = DateTime.UtcNow.AddHours(2);
        });
        await Rejects(path, future, HmacParameters(), JwtValidationReasons.NotYetValid);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_for_another_audience_is_rejected(string path)
    {
        var token = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256, d => d.Audience = "api://billing");
        var e = await Rejects(path, token, HmacParameters(), JwtValidationReasons.InvalidAudience);
        Assert.Contains(TestTokens.Audience, e.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_from_another_issuer_is_rejected(string path)
    {
        var token = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256, d => d.Issuer = "https://evil.test");
        await Rejects(path, token, HmacParameters(), JwtValidationReasons.InvalidIssuer);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_signed_with_another_key_is_rejected(string path)
    {
        await Rejects(path, TestTokens.Create(TestTokens.NewHmacKey(), SecurityAlgorithms.HmacSha256), HmacParameters(), JwtValidationReasons.InvalidSignature);
        await Rejects(path, TestTokens.Create(TestTokens.NewRsaKey(), SecurityAlgorithms.RsaSha256), RsaParameters(), JwtValidationReasons.InvalidSignature);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_rs256_token_resigned_as_hs256_with_the_public_key_is_rejected(string path)
    {
        // The attacker knows only the public key and uses its PEM text as an HMAC secret (key confusion).
        var publicPemBytes = Encoding.UTF8.GetBytes(TestTokens.PublicPem(RsaKey));
        var forged = TestTokens.Create(new SymmetricSecurityKey(publicPemBytes), SecurityAlgorithms.HmacSha256);
        Assert.Contains("HS256", TestTokens.Header(forged));

        await Rejects(path, forged, RsaParameters(), JwtValidationReasons.InvalidSignature, JwtValidationReasons.InvalidAlgorithm);

        // The configuration that makes IdentityModel accept it (V19 in the pattern catalog) is refused before validation.
        var confused = new TokenValidationParameters
        {
            ValidIssuer = TestTokens.Issuer,
            ValidAudience = TestTokens.Audience,
            IssuerSigningKeys = new SecurityKey[] { RsaKey, new SymmetricSecurityKey(publicPemBytes) },
        };
        var accepted = await new JsonWebTokenHandler().ValidateTokenAsync(forged, confused);
        Assert.True(accepted.IsValid); // IdentityModel alone accepts the forgery
        var e = await Assert.ThrowsAsync<InsecureJwtConfigurationException>(() => Run(path, forged, confused));
        Assert.Contains(e.Issues, i => i.Problem.Contains("key confusion"));
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_without_exp_is_rejected(string path)
    {
        var now = TestTokens.Now;
        var payload = $"{{\"iss\":\"{TestTokens.Issuer}\",\"aud\":\"{TestTokens.Audience}\",\"sub\":\"alice\",\"iat\":{now},\"nbf\":{now}}}";
        var token = TestTokens.CreateFromPayload(payload, HmacKey, SecurityAlgorithms.HmacSha256);
        Assert.DoesNotContain("exp", TestTokens.Payload(token));
        var e = await Rejects(path, token, HmacParameters(), JwtValidationReasons.NoExpiration);
        Assert.Contains("'exp'", e.Message);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_token_with_an_unaccepted_type_is_rejected(string path)
    {
        var parameters = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            o.SigningKeys.Add(HmacKey);
            o.ValidTypes.Add("at+jwt");
        });
        await Rejects(path, TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256), parameters, JwtValidationReasons.InvalidType);
        await Run(path, TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256, d => d.TokenType = "at+jwt"), parameters);
    }

    [Theory]
    [InlineData(null, JwtValidationReasons.Missing)]
    [InlineData("", JwtValidationReasons.Missing)]
    [InlineData("   ", JwtValidationReasons.Missing)]
    [InlineData("not-a-jwt", JwtValidationReasons.Malformed)]
    [InlineData("a.b", JwtValidationReasons.Malformed)]
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", JwtValidationReasons.Malformed)]
    [InlineData("!!!.@@@.###", JwtValidationReasons.Malformed)]
    public async Task Malformed_input_gets_a_clear_error(string? token, string reason)
    {
        foreach (var path in new[] { "ValidateAsync", "Validate", "JsonWebTokenHandler", "JwtSecurityTokenHandler" })
        {
            await Rejects(path, token!, HmacParameters(), reason);
        }
    }

    [Fact]
    public async Task Oversized_input_is_refused_before_parsing()
    {
        var huge = new string('a', TokenValidationParameters.DefaultMaximumTokenSizeInBytes + 1);
        var e = await Rejects("ValidateAsync", huge, HmacParameters(), JwtValidationReasons.TooLarge);
        Assert.Contains("maximum", e.Message);
    }

    [Fact]
    public async Task Insecure_parameters_are_refused_before_any_token_is_accepted()
    {
        var good = TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256);
        var parameters = HmacParameters();
        parameters.RequireSignedTokens = false;
        parameters.ValidateLifetime = false;
        var e = await Assert.ThrowsAsync<InsecureJwtConfigurationException>(() => SafeTokenValidation.ValidateAsync(good, parameters));
        Assert.Equal(new[] { "RequireSignedTokens", "ValidateLifetime" }, e.Issues.Select(i => i.Property));
        await Assert.ThrowsAsync<ArgumentNullException>(() => SafeTokenValidation.ValidateAsync(good, null!));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SafeTokenValidation.ValidateAsync(TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256), HmacParameters(), cts.Token));
    }

    [Fact]
    public async Task Ec_tokens_are_validated()
    {
        var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var parameters = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            o.SigningKeys.Add(ec);
        });
        await SafeTokenValidation.ValidateAsync(TestTokens.Create(ec, SecurityAlgorithms.EcdsaSha256), parameters);
        await Assert.ThrowsAsync<JwtValidationException>(() => SafeTokenValidation.ValidateAsync(TestTokens.Create(HmacKey, SecurityAlgorithms.HmacSha256), parameters));
    }
}
