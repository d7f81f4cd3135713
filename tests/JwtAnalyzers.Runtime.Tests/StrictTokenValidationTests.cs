using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

public class StrictTokenValidationTests
{
    private static StrictJwtOptions Options(params SecurityKey[] keys)
    {
        var options = new StrictJwtOptions();
        options.ValidIssuers.Add(TestTokens.Issuer);
        options.ValidAudiences.Add(TestTokens.Audience);
        foreach (var key in keys)
        {
            options.SigningKeys.Add(key);
        }

        return options;
    }

    [Fact]
    public void Create_turns_every_validation_on()
    {
        var key = TestTokens.NewHmacKey();
        var p = StrictTokenValidation.Create(Options(key));

        Assert.True(p.ValidateIssuer);
        Assert.True(p.ValidateAudience);
        Assert.True(p.RequireAudience);
        Assert.True(p.ValidateLifetime);
        Assert.True(p.RequireExpirationTime);
        Assert.True(p.RequireSignedTokens);
        Assert.True(p.ValidateIssuerSigningKey);
        Assert.False(p.IncludeTokenOnFailedValidation);
        Assert.Equal(TimeSpan.FromMinutes(1), p.ClockSkew);
        Assert.Equal(new[] { TestTokens.Issuer }, p.ValidIssuers);
        Assert.Equal(new[] { TestTokens.Audience }, p.ValidAudiences);
        Assert.Same(key, Assert.Single(p.IssuerSigningKeys));
        Assert.Null(p.SignatureValidator);
        Assert.Empty(StrictTokenValidation.Audit(p));
    }

    [Fact]
    public void Defaults_of_the_options()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), StrictJwtOptions.MaxClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(1), new StrictJwtOptions().ClockSkew);
    }

    [Theory]
    [InlineData(32, new[] { "HS256" })]
    [InlineData(48, new[] { "HS256", "HS384" })]
    [InlineData(64, new[] { "HS256", "HS384", "HS512" })]
    public void Algorithms_of_a_symmetric_key_follow_its_size(int bytes, string[] expected) =>
        Assert.Equal(expected, StrictTokenValidation.Create(Options(TestTokens.NewHmacKey(bytes))).ValidAlgorithms);

    [Fact]
    public void Algorithms_of_an_rsa_key_are_the_rsa_family()
    {
        var p = StrictTokenValidation.Create(Options(TestTokens.NewRsaKey()));
        Assert.Equal(new[] { "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" }, p.ValidAlgorithms);
    }

    [Fact]
    public void Algorithms_of_an_ec_key_follow_its_curve()
    {
        var p = StrictTokenValidation.Create(Options(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384))));
        Assert.Equal(new[] { "ES384" }, p.ValidAlgorithms);
    }

    [Fact]
    public void Explicit_algorithms_and_types_are_kept_and_aliases_normalised()
    {
        var options = Options(TestTokens.NewHmacKey());
        options.ValidAlgorithms.Add(SecurityAlgorithms.HmacSha512Signature);
        options.ValidTypes.Add("at+jwt");
        var p = StrictTokenValidation.Create(options);
        Assert.Equal(new[] { "HS512" }, p.ValidAlgorithms);
        Assert.Equal(new[] { "at+jwt" }, p.ValidTypes);
    }

    [Fact]
    public void Create_lists_every_missing_value()
    {
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(new StrictJwtOptions()));
        Assert.Equal(
            new[] { "StrictJwtOptions.ValidIssuers", "StrictJwtOptions.ValidAudiences", "StrictJwtOptions.SigningKeys" },
            e.Issues.Select(i => i.Property));
        Assert.Contains("options.ValidAudiences.Add", e.Message);
        Assert.IsAssignableFrom<InvalidOperationException>(e);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    public void Create_refuses_a_clock_skew_out_of_range(int minutes)
    {
        var options = Options(TestTokens.NewHmacKey());
        options.ClockSkew = TimeSpan.FromMinutes(minutes);
        var issue = Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(options)).Issues);
        Assert.Equal("StrictJwtOptions.ClockSkew", issue.Property);
        Assert.Contains("00:05:00", issue.Problem);
    }

    [Fact]
    public void Create_accepts_the_maximum_clock_skew()
    {
        var options = Options(TestTokens.NewHmacKey());
        options.ClockSkew = StrictJwtOptions.MaxClockSkew;
        Assert.Equal(TimeSpan.FromMinutes(5), StrictTokenValidation.Create(options).ClockSkew);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("NONE")]
    public void Create_refuses_none(string algorithm)
    {
        var options = Options(TestTokens.NewHmacKey());
        options.ValidAlgorithms.Add(algorithm);
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(options));
        Assert.Contains(e.Issues, i => i.Problem.Contains("'none'"));
    }

    [Fact]
    public void Create_refuses_mixed_key_types_without_pinned_algorithms()
    {
        var options = Options(TestTokens.NewHmacKey(), TestTokens.NewRsaKey());
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(options));
        Assert.Contains("algorithm confusion", Assert.Single(e.Issues).Problem);

        options.ValidAlgorithms.Add("RS256");
        options.ValidAlgorithms.Add("HS256");
        Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(options));

        options.ValidAlgorithms.Remove("HS256");
        Assert.Equal(new[] { "RS256" }, StrictTokenValidation.Create(options).ValidAlgorithms);
    }

    [Fact]
    public void Create_refuses_a_symmetric_key_made_from_a_public_key()
    {
        var rsa = TestTokens.NewRsaKey();
        var confused = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestTokens.PublicPem(rsa)));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(Options(confused)));
        Assert.Contains("key confusion", Assert.Single(e.Issues).Problem);

        var der = new SymmetricSecurityKey(rsa.Rsa.ExportSubjectPublicKeyInfo());
        Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(Options(der)));
    }

    [Fact]
    public void Create_checks_symmetric_key_material()
    {
        var weak = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("ThisIsMySecretKeyForJwtToken1234"));
        Assert.Contains("well-known", Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(Options(weak))).Issues).Problem);

        var options = Options(TestTokens.NewHmacKey(32));
        options.ValidAlgorithms.Add("HS512");
        var issue = Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(options)).Issues);
        Assert.Contains("IDX10720", issue.Problem);
    }

    [Fact]
    public void Create_refuses_short_rsa_keys()
    {
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(Options(TestTokens.NewRsaKey(1024))));
        Assert.Contains("1024 bits", Assert.Single(e.Issues).Problem);
    }

    [Fact]
    public void Create_refuses_algorithms_no_key_can_verify()
    {
        var options = Options(TestTokens.NewRsaKey());
        options.ValidAlgorithms.Add("ES256");
        Assert.Contains("matches none", Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(options)).Issues).Problem);
    }

    [Fact]
    public void Create_with_a_delegate()
    {
        var p = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            o.SigningKeys.Add(TestTokens.NewRsaKey());
        });
        Assert.Empty(StrictTokenValidation.Audit(p));
    }

    [Fact]
    public void Create_from_configuration()
    {
        var secret = SigningKeys.GenerateBase64Secret();
        var configuration = TestTokens.Configuration(
            ("Jwt:Issuer", TestTokens.Issuer),
            ("Jwt:Audiences:0", TestTokens.Audience),
            ("Jwt:Audiences:1", "api://other"),
            ("Jwt:SigningKey", secret),
            ("Jwt:Algorithm", "HS512"),
            ("Jwt:ClockSkew", "00:00:30"));

        var p = StrictTokenValidation.Create(configuration);

        Assert.Equal(new[] { TestTokens.Issuer }, p.ValidIssuers);
        Assert.Equal(new[] { TestTokens.Audience, "api://other" }, p.ValidAudiences);
        Assert.Equal(Convert.FromBase64String(secret), Assert.IsType<SymmetricSecurityKey>(Assert.Single(p.IssuerSigningKeys)).Key);
        Assert.Equal(new[] { "HS512" }, p.ValidAlgorithms);
        Assert.Equal(TimeSpan.FromSeconds(30), p.ClockSkew);
        Assert.Empty(StrictTokenValidation.Audit(p));
    }

    [Fact]
    public void Create_from_configuration_names_every_missing_key()
    {
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(TestTokens.Configuration(), "Auth"));
        Assert.Equal(new[] { "Auth:Issuer", "Auth:Audience", "Auth:SigningKey" }, e.Issues.Select(i => i.Property));
        Assert.Contains("dotnet user-secrets set \"Auth:SigningKey\"", e.Message);
        Assert.Contains("Auth__Audience", e.Message);
    }

    [Fact]
    public void Create_from_configuration_reports_a_weak_key_without_revealing_it()
    {
        var weak = Convert.ToBase64String(Encoding.UTF8.GetBytes("short-key"));
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", weak));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(configuration));
        var issue = Assert.Single(e.Issues);
        Assert.Equal("Jwt:SigningKey", issue.Property);
        Assert.Contains("IDX10720", issue.Problem);
        Assert.DoesNotContain(weak, e.Message);
        Assert.DoesNotContain("short-key", e.Message);
    }

    [Fact]
    public void Create_from_configuration_lets_configure_supply_missing_values()
    {
        var configuration = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience));
        var rsa = TestTokens.NewRsaKey();
        var p = StrictTokenValidation.Create(configuration, configure: o => o.SigningKeys.Add(rsa));
        Assert.Same(rsa, Assert.Single(p.IssuerSigningKeys));
    }

    [Theory]
    [InlineData("00:10:00", "between zero and 00:05:00")]
    [InlineData("soon", "is not a TimeSpan")]
    public void Create_from_configuration_checks_the_clock_skew(string value, string expected)
    {
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", SigningKeys.GenerateBase64Secret()), ("Jwt:ClockSkew", value));
        var issue = Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(configuration)).Issues);
        Assert.Equal("Jwt:ClockSkew", issue.Property);
        Assert.Contains(expected, issue.Problem);
    }

    [Fact]
    public void Create_from_configuration_refuses_an_asymmetric_algorithm_for_an_hmac_secret()
    {
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", SigningKeys.GenerateBase64Secret()), ("Jwt:Algorithm", "RS256"));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(configuration));
        Assert.Equal("Jwt:Algorithm", e.Issues[0].Property);
    }

    [Fact]
    public async Task Parameters_from_Create_accept_a_real_token_and_reject_a_forged_one()
    {
        var key = TestTokens.NewHmacKey();
        var p = StrictTokenValidation.Create(Options(key));
        var handler = new JsonWebTokenHandler();

        var good = await handler.ValidateTokenAsync(TestTokens.Create(key, SecurityAlgorithms.HmacSha256), p);
        Assert.True(good.IsValid, good.Exception?.Message);

        var forged = await handler.ValidateTokenAsync(TestTokens.Create(TestTokens.NewHmacKey(), SecurityAlgorithms.HmacSha256), p);
        Assert.False(forged.IsValid);
    }
}
