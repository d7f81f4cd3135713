using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

public class SafeTokenIssuerTests
{
    private static readonly SymmetricSecurityKey Key = TestTokens.NewHmacKey();

    private static SigningCredentials Credentials => new(Key, SecurityAlgorithms.HmacSha256);

    private static SecurityTokenDescriptor Descriptor() => new()
    {
        Issuer = TestTokens.Issuer,
        Audience = TestTokens.Audience,
        Subject = new ClaimsIdentity(new[] { new Claim("sub", "alice") }),
    };

    private static TokenValidationParameters Parameters(SecurityKey key) => StrictTokenValidation.Create(o =>
    {
        o.ValidIssuers.Add(TestTokens.Issuer);
        o.ValidAudiences.Add(TestTokens.Audience);
        o.SigningKeys.Add(key);
    });

    [Fact]
    public async Task Issues_a_signed_short_lived_token_that_SafeTokenValidation_accepts()
    {
        var before = TestTokens.Now;
        var token = SafeTokenIssuer.CreateToken(Descriptor(), Credentials, TimeSpan.FromMinutes(15));

        var jwt = new JsonWebToken(token);
        Assert.Equal("HS256", jwt.Alg);
        Assert.NotEmpty(token.Split('.')[2]);
        var exp = new DateTimeOffset(jwt.ValidTo).ToUnixTimeSeconds();
        Assert.InRange(exp - before, 15 * 60 - 1, 15 * 60 + 2);
        Assert.True(jwt.TryGetPayloadValue<long>("iat", out _));
        Assert.True(jwt.TryGetPayloadValue<long>("nbf", out _));

        var principal = await SafeTokenValidation.ValidateAsync(token, Parameters(Key));
        Assert.Equal("alice", principal.FindFirst("sub")!.Value);
    }

    [Fact]
    public async Task Issues_from_claims_with_an_rsa_key()
    {
        var rsa = TestTokens.NewRsaKey();
        var token = SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "bob") }, new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256), TestTokens.Issuer, TestTokens.Audience, TimeSpan.FromMinutes(5));
        var principal = await SafeTokenValidation.ValidateAsync(token, Parameters(TestTokens.PublicOnly(rsa)));
        Assert.Equal("bob", principal.FindFirst("sub")!.Value);
    }

    [Fact]
    public void Refuses_missing_credentials()
    {
        var e = Assert.Throws<ArgumentNullException>(() => SafeTokenIssuer.CreateToken(Descriptor(), null!, TimeSpan.FromMinutes(5)));
        Assert.Contains("alg: none", e.Message);
        Assert.Throws<ArgumentNullException>(() => SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "a") }, null!, "i", "a", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Refuses_the_none_algorithm()
    {
        var e = Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(Descriptor(), new SigningCredentials(Key, "none"), TimeSpan.FromMinutes(5)));
        Assert.Contains("'none'", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(61)]
    [InlineData(60 * 24 * 365)]
    public void Refuses_lifetimes_that_are_not_positive_or_too_long(int minutes)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SafeTokenIssuer.CreateToken(Descriptor(), Credentials, TimeSpan.FromMinutes(minutes)));
        Assert.Equal("lifetime", e.ParamName);
    }

    [Fact]
    public void A_larger_maximum_can_be_passed_deliberately()
    {
        Assert.Equal(TimeSpan.FromHours(1), SafeTokenIssuer.DefaultMaxLifetime);
        var token = SafeTokenIssuer.CreateToken(Descriptor(), Credentials, TimeSpan.FromHours(8), TimeSpan.FromHours(12));
        Assert.True(new JsonWebToken(token).ValidTo > DateTime.UtcNow.AddHours(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafeTokenIssuer.CreateToken(Descriptor(), Credentials, TimeSpan.FromHours(13), TimeSpan.FromHours(12)));
    }

    [Fact]
    public void Refuses_missing_issuer_or_audience()
    {
        var noIssuer = Descriptor();
        noIssuer.Issuer = null;
        Assert.Contains("issuer", Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(noIssuer, Credentials, TimeSpan.FromMinutes(5))).Message);

        var noAudience = Descriptor();
        noAudience.Audience = null;
        Assert.Contains("audience", Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(noAudience, Credentials, TimeSpan.FromMinutes(5))).Message);

        Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "a") }, Credentials, TestTokens.Issuer, "", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Refuses_weak_keys()
    {
        var shortKey = new SigningCredentials(new SymmetricSecurityKey(TestTokens.NewHmacKey(16).Key), SecurityAlgorithms.HmacSha256);
        Assert.Contains("IDX10720", Assert.Throws<WeakSigningKeyException>(() => SafeTokenIssuer.CreateToken(Descriptor(), shortKey, TimeSpan.FromMinutes(5))).Message);

        var wellKnown = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("ThisIsMySecretKeyForJwtToken1234")), SecurityAlgorithms.HmacSha256);
        Assert.Contains("well-known", Assert.Throws<WeakSigningKeyException>(() => SafeTokenIssuer.CreateToken(Descriptor(), wellKnown, TimeSpan.FromMinutes(5))).Message);

        var hs512 = new SigningCredentials(TestTokens.NewHmacKey(32), SecurityAlgorithms.HmacSha512);
        Assert.Contains("512 bits", Assert.Throws<WeakSigningKeyException>(() => SafeTokenIssuer.CreateToken(Descriptor(), hs512, TimeSpan.FromMinutes(5))).Message);

        var rsa1024 = new SigningCredentials(TestTokens.NewRsaKey(1024), SecurityAlgorithms.RsaSha256);
        Assert.Contains("1024 bits", Assert.Throws<WeakSigningKeyException>(() => SafeTokenIssuer.CreateToken(Descriptor(), rsa1024, TimeSpan.FromMinutes(5))).Message);
    }

    [Fact]
    public void Refuses_time_claims_that_would_override_the_lifetime()
    {
        var descriptor = Descriptor();
        descriptor.Claims = new Dictionary<string, object> { ["exp"] = DateTimeOffset.UtcNow.AddYears(10).ToUnixTimeSeconds() };
        Assert.Contains("'exp'", Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(descriptor, Credentials, TimeSpan.FromMinutes(5))).Message);
        Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(new[] { new Claim("exp", "99999999999") }, Credentials, TestTokens.Issuer, TestTokens.Audience, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Overwrites_times_already_on_the_descriptor()
    {
        var descriptor = Descriptor();
        descriptor.Expires = DateTime.UtcNow.AddYears(100);
        var token = SafeTokenIssuer.CreateToken(descriptor, Credentials, TimeSpan.FromMinutes(10));
        Assert.True(new JsonWebToken(token).ValidTo < DateTime.UtcNow.AddMinutes(11));
    }
}
