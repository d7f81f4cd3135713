using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>
/// The hardening gaps of issue 12 (each decided, tested and documented in docs/runtime-security.md) and the runtime
/// part of issue 10 (jti, sensitive claim names, lifetime cap on every overload).
/// </summary>
public sealed class HardeningGapTests
{
    private static readonly SymmetricSecurityKey Key = SigningKeys.FromBase64(SigningKeys.GenerateBase64Secret());

    private static TokenValidationParameters Parameters(Action<StrictJwtOptions>? more = null) => StrictTokenValidation.Create(o =>
    {
        o.ValidIssuers.Add(TestTokens.Issuer);
        o.ValidAudiences.Add(TestTokens.Audience);
        o.SigningKeys.Add(Key);
        more?.Invoke(o);
    });

    private static string Token(TimeSpan lifetime, string? typ = null, DateTime? issuedAt = null) => TestTokens.Create(Key, SecurityAlgorithms.HmacSha256, d =>
    {
        var iat = issuedAt ?? DateTime.UtcNow;
        d.IssuedAt = iat;
        d.NotBefore = iat;
        d.Expires = iat + lifetime;
        d.TokenType = typ;
    });

    private static async Task<string?> Reason(string token, TokenValidationParameters parameters)
    {
        try
        {
            await SafeTokenValidation.ValidateAsync(token, parameters);
            return null;
        }
        catch (JwtValidationException e)
        {
            return e.Reason;
        }
    }

    // ---------------------------------------------------------------- maximum token lifetime

    [Fact]
    public async Task MaxTokenLifetime_defaults_to_24_hours()
    {
        Assert.Equal(TimeSpan.FromHours(24), new StrictJwtOptions().MaxTokenLifetime);
        Assert.Null(await Reason(Token(TimeSpan.FromHours(23)), Parameters()));
        Assert.Equal(JwtValidationReasons.LifetimeTooLong, await Reason(Token(TimeSpan.FromHours(25)), Parameters()));
    }

    [Fact]
    public async Task MaxTokenLifetime_is_configurable_in_code_and_configuration()
    {
        var shortOnly = Parameters(o => o.MaxTokenLifetime = TimeSpan.FromHours(1));
        Assert.Null(await Reason(Token(TimeSpan.FromMinutes(30)), shortOnly));
        Assert.Equal(JwtValidationReasons.LifetimeTooLong, await Reason(Token(TimeSpan.FromHours(2)), shortOnly));

        var configuration = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", Convert.ToBase64String(Key.Key)), ("Jwt:MaxTokenLifetime", "01:00:00"));
        Assert.Equal(JwtValidationReasons.LifetimeTooLong, await Reason(Token(TimeSpan.FromHours(2)), StrictTokenValidation.Create(configuration)));

        var bad = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", Convert.ToBase64String(Key.Key)), ("Jwt:MaxTokenLifetime", "one day"));
        Assert.Equal("Jwt:MaxTokenLifetime", Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(bad)).Issues).Property);
        Assert.Equal("StrictJwtOptions.MaxTokenLifetime", Assert.Single(Assert.Throws<InsecureJwtConfigurationException>(() => Parameters(o => o.MaxTokenLifetime = TimeSpan.Zero)).Issues).Property);
    }

    [Fact]
    public async Task A_token_issued_long_ago_is_refused_even_when_its_exp_is_near()
    {
        Assert.Equal(JwtValidationReasons.LifetimeTooLong, await Reason(Token(TimeSpan.FromDays(3), issuedAt: DateTime.UtcNow.AddDays(-2.9)), Parameters()));
    }

    [Fact]
    public async Task Hand_built_parameters_get_the_same_token_checks_from_SafeTokenValidation()
    {
        var handBuilt = new TokenValidationParameters
        {
            ValidIssuer = TestTokens.Issuer,
            ValidAudience = TestTokens.Audience,
            IssuerSigningKey = Key,
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IgnoreTrailingSlashWhenValidatingAudience = false,
        };
        Assert.Empty(StrictTokenValidation.Audit(handBuilt));
        Assert.Null(await Reason(Token(TimeSpan.FromMinutes(10)), handBuilt));
        Assert.Equal(JwtValidationReasons.LifetimeTooLong, await Reason(Token(TimeSpan.FromDays(365)), handBuilt));
        Assert.Equal(JwtValidationReasons.InvalidType, await Reason(Token(TimeSpan.FromMinutes(10), typ: "refresh+jwt"), handBuilt));
    }

    // ---------------------------------------------------------------- typ

    [Fact]
    public async Task Types_are_checked_by_default_case_insensitively()
    {
        var p = Parameters();
        Assert.Equal(new[] { "JWT", "at+jwt", "application/at+jwt" }, p.ValidTypes);
        foreach (var typ in new[] { "JWT", "jwt", "at+jwt", "AT+JWT", "application/at+jwt" })
        {
            Assert.Null(await Reason(Token(TimeSpan.FromMinutes(5), typ), p));
        }

        foreach (var typ in new[] { "refresh+jwt", "dpop+jwt", "logout+jwt", "id_token" })
        {
            Assert.Equal(JwtValidationReasons.InvalidType, await Reason(Token(TimeSpan.FromMinutes(5), typ), p));
        }
    }

    [Fact]
    public async Task Types_are_configurable_and_a_missing_typ_can_be_required()
    {
        var refreshOnly = Parameters(o => o.ValidTypes.Add("refresh+jwt"));
        Assert.Null(await Reason(Token(TimeSpan.FromMinutes(5), "refresh+jwt"), refreshOnly));
        Assert.Equal(JwtValidationReasons.InvalidType, await Reason(Token(TimeSpan.FromMinutes(5), "JWT"), refreshOnly));

        var noTyp = TestTokens.CreateFromPayload($"{{\"iss\":\"{TestTokens.Issuer}\",\"aud\":\"{TestTokens.Audience}\",\"iat\":{TestTokens.Now},\"exp\":{TestTokens.Now + 300}}}", Key, SecurityAlgorithms.HmacSha256);
        var stripped = TestTokens.Base64Url("{\"alg\":\"HS256\"}");
        var input = stripped + "." + noTyp.Split('.')[1];
        var provider = Key.CryptoProviderFactory.CreateForSigning(Key, SecurityAlgorithms.HmacSha256);
        var untyped = input + "." + Base64UrlEncoder.Encode(provider.Sign(Encoding.ASCII.GetBytes(input)));
        Assert.Null(await Reason(untyped, Parameters()));
        Assert.Equal(JwtValidationReasons.InvalidType, await Reason(untyped, Parameters(o => o.RequireType = true)));
    }

    // ---------------------------------------------------------------- audience trailing slash

    [Fact]
    public void Strict_parameters_match_audiences_exactly_and_the_audit_flags_the_IdentityModel_default()
    {
        Assert.False(Parameters().IgnoreTrailingSlashWhenValidatingAudience);
        var p = Parameters();
        p.IgnoreTrailingSlashWhenValidatingAudience = true;
        Assert.Equal("IgnoreTrailingSlashWhenValidatingAudience", Assert.Single(StrictTokenValidation.Audit(p)).Property);
    }

    // ---------------------------------------------------------------- JWE

    [Fact]
    public void Decryption_keys_add_the_matching_JWE_algorithms_and_never_RSA1_5()
    {
        var rsa = TestTokens.NewRsaKey();
        var withRsa = Parameters(o => o.DecryptionKeys.Add(rsa));
        Assert.Contains(SecurityAlgorithms.RsaOAEP, withRsa.ValidAlgorithms);
        Assert.Contains(SecurityAlgorithms.Aes256CbcHmacSha512, withRsa.ValidAlgorithms);
        Assert.DoesNotContain(SecurityAlgorithms.RsaPKCS1, withRsa.ValidAlgorithms);
        Assert.Contains(SecurityAlgorithms.HmacSha256, withRsa.ValidAlgorithms);
        Assert.Equal(new SecurityKey[] { rsa }, withRsa.TokenDecryptionKeys);

        var withAes = Parameters(o => o.DecryptionKeys.Add(new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        Assert.Contains(SecurityAlgorithms.Aes256KW, withAes.ValidAlgorithms);
        Assert.Contains("dir", withAes.ValidAlgorithms);
        Assert.DoesNotContain(SecurityAlgorithms.RsaOAEP, withAes.ValidAlgorithms);

        Assert.DoesNotContain(Parameters().ValidAlgorithms, a => a.StartsWith("A", StringComparison.Ordinal) || a.StartsWith("RSA-", StringComparison.Ordinal));
        Assert.Throws<InsecureJwtConfigurationException>(() => Parameters(o => o.DecryptionKeys.Add(new SymmetricSecurityKey(new byte[20]))));
    }

    [Fact]
    public async Task A_JWE_token_validates_with_Create_parameters_without_hand_edited_algorithms()
    {
        var decryption = TestTokens.NewRsaKey();
        var jws = Token(TimeSpan.FromMinutes(5));
        var jwe = new JsonWebTokenHandler().EncryptToken(jws, new EncryptingCredentials(TestTokens.PublicOnly(decryption), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes128CbcHmacSha256));
        Assert.Null(await Reason(jwe, Parameters(o => o.DecryptionKeys.Add(decryption))));
    }

    // ---------------------------------------------------------------- options pattern

    [Fact]
    public void StrictJwtOptions_are_validated_through_the_options_pattern()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(TestTokens.Configuration(("Jwt:Issuer", "i")));
        services.AddAuthentication().AddStrictJwtBearer();
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<StrictJwtOptions>>().Get("Bearer"));
        Assert.Contains(e.Failures, f => f.StartsWith("Jwt:Audience:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Jwt:SigningKey:", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_schemes_of_AddStrictJwtBearer_are_validated()
    {
        var services = new ServiceCollection();
        services.AddAuthentication().AddStrictJwtBearer("Api", o => { });
        using var provider = services.BuildServiceProvider();
        Assert.Empty(provider.GetRequiredService<IOptions<StrictJwtOptions>>().Value.ValidIssuers); // the default name is the app's own
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<StrictJwtOptions>>().Get("Api"));
    }

    [Fact]
    public void AddStrictJwtBearer_reads_the_Jwt_section_of_the_registered_configuration_then_the_code()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience)));
        services.AddAuthentication().AddStrictJwtBearer(o => o.SigningKeys.Add(Key));
        services.Configure<StrictJwtOptions>("Bearer", o => o.MaxTokenLifetime = TimeSpan.FromHours(2));
        using var provider = services.BuildServiceProvider();
        var strict = provider.GetRequiredService<IOptionsMonitor<StrictJwtOptions>>().Get("Bearer");
        Assert.Equal(new[] { TestTokens.Issuer }, strict.ValidIssuers);
        Assert.Same(Key, Assert.Single(strict.SigningKeys));
        Assert.Equal(TimeSpan.FromHours(2), strict.MaxTokenLifetime);
        var bearer = provider.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>().Get("Bearer");
        Assert.Empty(StrictTokenValidation.Audit(bearer.TokenValidationParameters));
    }

    // ---------------------------------------------------------------- SafeTokenIssuer: kid, jti, sensitive claims, cap

    [Fact]
    public void The_issuer_writes_a_kid_that_matches_the_key_loaded_from_configuration()
    {
        var secret = SigningKeys.GenerateBase64Secret();
        var configuration = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", secret));
        var token = SafeTokenIssuer.CreateToken(configuration, new[] { new Claim("sub", "alice") }, TimeSpan.FromMinutes(5));
        var kid = new JsonWebToken(token).Kid;
        Assert.False(string.IsNullOrEmpty(kid));
        Assert.Equal(SigningKeys.LoadHmacKey(configuration).KeyId, kid);
        Assert.Equal(Base64UrlEncoder.Encode(new SymmetricSecurityKey(Convert.FromBase64String(secret)).ComputeJwkThumbprint()), kid);

        var rsa = TestTokens.NewRsaKey();
        var rsaToken = SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "alice") }, new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256), "i", "a", TimeSpan.FromMinutes(5));
        Assert.Equal(Base64UrlEncoder.Encode(rsa.ComputeJwkThumbprint()), new JsonWebToken(rsaToken).Kid);
        Assert.True(string.IsNullOrEmpty(rsa.KeyId), "the caller's key is not modified");

        rsa.KeyId = "2026-key";
        Assert.Equal("2026-key", new JsonWebToken(SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "alice") }, new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256), "i", "a", TimeSpan.FromMinutes(5))).Kid);
    }

    [Fact]
    public void Every_issued_token_gets_a_random_jti_also_when_the_descriptor_is_reused()
    {
        var descriptor = new SecurityTokenDescriptor { Issuer = "i", Audience = "a", Subject = new ClaimsIdentity(new[] { new Claim("sub", "alice") }) };
        var credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
        var first = new JsonWebToken(SafeTokenIssuer.CreateToken(descriptor, credentials, TimeSpan.FromMinutes(5))).Id;
        var second = new JsonWebToken(SafeTokenIssuer.CreateToken(descriptor, credentials, TimeSpan.FromMinutes(5))).Id;
        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
        Assert.True(Base64UrlEncoder.DecodeBytes(first).Length == 16);

        var own = new JsonWebToken(SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "alice"), new Claim("jti", "mine") }, credentials, "i", "a", TimeSpan.FromMinutes(5))).Id;
        Assert.Equal("mine", own);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("PasswordHash")]
    [InlineData("password_hash")]
    [InlineData("api_key")]
    [InlineData("ApiSecret")]
    [InlineData("client_secret")]
    [InlineData("card_number")]
    [InlineData("cvv")]
    [InlineData("ssn")]
    [InlineData("http://schemas.example/ssn")]
    [InlineData("ConnectionString")]
    [InlineData("private_key")]
    [InlineData("pin")]
    public void Sensitive_claim_names_are_refused_naming_the_claim_never_the_value(string name)
    {
        const string value = "s3cr3t-v@lue-0123";
        var credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
        var e = Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "alice"), new Claim(name, value) }, credentials, "i", "a", TimeSpan.FromMinutes(5)));
        Assert.Contains($"'{name}'", e.Message);
        Assert.DoesNotContain(value, e.Message);

        var descriptor = new SecurityTokenDescriptor { Issuer = "i", Audience = "a", Claims = new Dictionary<string, object> { [name] = value } };
        Assert.DoesNotContain(value, Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(descriptor, credentials, TimeSpan.FromMinutes(5))).Message);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("name")]
    [InlineData("role")]
    [InlineData("tenant_id")]
    [InlineData("pwd_changed_at")]
    [InlineData("password_expires")]
    [InlineData("PasswordLength")]
    [InlineData("passwordless")]
    [InlineData("spinner")]
    [InlineData("AspNet.Identity.SecurityStamp")]
    public void Ordinary_and_metadata_claims_are_issued(string name)
    {
        var token = SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "alice"), new Claim(name, "x") }.DistinctBy(c => c.Type), new SigningCredentials(Key, SecurityAlgorithms.HmacSha256), "i", "a", TimeSpan.FromMinutes(5));
        Assert.True(new JsonWebToken(token).TryGetPayloadValue<string>(name, out _));
    }

    [Fact]
    public void The_one_hour_cap_applies_to_every_overload()
    {
        var credentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256);
        var claims = new[] { new Claim("sub", "alice") };
        var twoHours = TimeSpan.FromHours(2);
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", Convert.ToBase64String(Key.Key)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafeTokenIssuer.CreateToken(claims, credentials, "i", "a", twoHours));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafeTokenIssuer.CreateToken(new SecurityTokenDescriptor { Issuer = "i", Audience = "a" }, credentials, twoHours));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafeTokenIssuer.CreateToken(configuration, claims, twoHours));
        Assert.Equal(TimeSpan.FromHours(1), SafeTokenIssuer.DefaultMaxLifetime);
        Assert.NotNull(SafeTokenIssuer.CreateToken(claims, credentials, "i", "a", twoHours, maxLifetime: TimeSpan.FromHours(8)));
    }

    [Fact]
    public void Time_claims_in_the_subject_are_refused_before_signing()
    {
        var descriptor = new SecurityTokenDescriptor { Issuer = "i", Audience = "a", Subject = new ClaimsIdentity(new[] { new Claim("exp", "99999999999") }) };
        Assert.Contains("'exp'", Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CreateToken(descriptor, new SigningCredentials(Key, SecurityAlgorithms.HmacSha256), TimeSpan.FromMinutes(5))).Message);
    }
}
