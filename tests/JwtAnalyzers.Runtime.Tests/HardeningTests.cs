using System.Reflection;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>Regression tests for the weaknesses 1–7 of issue 12, one region per weakness.</summary>
public sealed class HardeningTests
{
    private static readonly RSA Rsa = RSA.Create(2048);
    private static readonly ECDsa Ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    // ---------------------------------------------------------------- 1. public keys accepted as HMAC secrets

    private static X509Certificate2 Certificate()
    {
        var request = new CertificateRequest("CN=issuer", Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>Public key material as a configured string, in every shape the issue names.</summary>
    public static TheoryData<string> PublicKeyStrings() => new()
    {
        "RSA PEM",
        "RSA PEM body",
        "RSA PKCS#1 DER base64",
        "JWKS n",
        "JWK JSON",
        "JWKS JSON",
        "EC DER base64",
        "certificate DER base64",
        "certificate PEM",
        "base64 of the PEM text",
    };

    private static string PublicKeyString(string shape) => shape switch
    {
        "RSA PEM" => Rsa.ExportSubjectPublicKeyInfoPem(),
        "RSA PEM body" => Convert.ToBase64String(Rsa.ExportSubjectPublicKeyInfo()),
        "RSA PKCS#1 DER base64" => Convert.ToBase64String(Rsa.ExportRSAPublicKey()),
        "JWKS n" => Base64UrlEncoder.Encode(Rsa.ExportParameters(false).Modulus!),
        "JWK JSON" => $"{{\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoder.Encode(Rsa.ExportParameters(false).Modulus!)}\",\"e\":\"AQAB\"}}",
        "JWKS JSON" => $"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoder.Encode(Rsa.ExportParameters(false).Modulus!)}\",\"e\":\"AQAB\"}}]}}",
        "EC DER base64" => Convert.ToBase64String(Ec.ExportSubjectPublicKeyInfo()),
        "certificate DER base64" => Convert.ToBase64String(Certificate().RawData),
        "certificate PEM" => Certificate().ExportCertificatePem(),
        "base64 of the PEM text" => Convert.ToBase64String(Encoding.UTF8.GetBytes(Rsa.ExportSubjectPublicKeyInfoPem())),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    [Fact]
    public void Weakness1_the_2048_bit_pem_body_has_no_padding_and_is_valid_base64()
    {
        // Why the old check let it through: the PEM body is plain base64 of 294 bytes, no '=' at all.
        var body = PublicKeyString("RSA PEM body");
        Assert.DoesNotContain("=", body);
        Assert.Equal(294, Convert.FromBase64String(body).Length);
    }

    [Theory]
    [MemberData(nameof(PublicKeyStrings))]
    public void Weakness1_public_key_material_is_refused_by_every_loader(string shape)
    {
        var value = PublicKeyString(shape);
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", value));
        var errors = new List<Exception?>
        {
            Record.Exception(() => SigningKeys.LoadHmacKey(configuration)),
            Record.Exception(() => SigningKeys.LoadHmacKeyBytes(configuration)),
            Record.Exception(() => SigningKeys.FromBase64(value)),
            Record.Exception(() => SafeTokenIssuer.CredentialsFromConfiguration(configuration)),
            Record.Exception(() => StrictTokenValidation.Create(configuration)),
        };
        var variable = "JWT_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            errors.Add(Record.Exception(() => SigningKeys.FromEnvironment(variable)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        foreach (var error in errors)
        {
            Assert.NotNull(error);
            Assert.True(error is WeakSigningKeyException or InsecureJwtConfigurationException, error!.GetType().Name);
            Assert.Contains("FromPublicKeyPem", error.Message);
            Assert.DoesNotContain(value.Substring(value.Length / 2, 16), error.Message);
        }
    }

    public static TheoryData<string> PublicKeyBytes() => new() { "SPKI DER", "PKCS#1 DER", "EC SPKI DER", "certificate DER", "PEM text", "JWK JSON", "modulus", "PKCS#8 private DER" };

    private static byte[] PublicKeyMaterial(string shape) => shape switch
    {
        "SPKI DER" => Rsa.ExportSubjectPublicKeyInfo(),
        "PKCS#1 DER" => Rsa.ExportRSAPublicKey(),
        "EC SPKI DER" => Ec.ExportSubjectPublicKeyInfo(),
        "certificate DER" => Certificate().RawData,
        "PEM text" => Encoding.UTF8.GetBytes(Rsa.ExportSubjectPublicKeyInfoPem()),
        "JWK JSON" => Encoding.UTF8.GetBytes(PublicKeyString("JWK JSON")),
        "modulus" => Rsa.ExportParameters(false).Modulus!,
        "PKCS#8 private DER" => Rsa.ExportPkcs8PrivateKey(),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };

    [Theory]
    [MemberData(nameof(PublicKeyBytes))]
    public void Weakness1_public_key_bytes_are_refused_by_FromBytes_Create_Audit_and_the_issuer(string shape)
    {
        var bytes = PublicKeyMaterial(shape);
        Assert.Contains("FromPublicKeyPem", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBytes(bytes)).Message);

        var key = new SymmetricSecurityKey(bytes);
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add("i");
            o.ValidAudiences.Add("a");
            o.SigningKeys.Add(key);
        }));
        Assert.Contains("FromPublicKeyPem", Assert.Single(e.Issues).Problem);

        Assert.Contains(StrictTokenValidation.Audit(new TokenValidationParameters { ValidIssuer = "i", ValidAudience = "a", IssuerSigningKey = key, ValidAlgorithms = new[] { "HS256" } }), i => i.Problem.Contains("FromPublicKeyPem"));

        var issued = Assert.Throws<WeakSigningKeyException>(() => SafeTokenIssuer.CreateToken(new[] { new Claim("sub", "a") }, new SigningCredentials(key, SecurityAlgorithms.HmacSha256), "i", "a", TimeSpan.FromMinutes(5)));
        Assert.Contains("FromPublicKeyPem", issued.Message);
    }

    [Fact]
    public void Weakness1_random_keys_of_modulus_size_are_mostly_accepted()
    {
        // Known limit: a random key of exactly 256/384/512 bytes with its top bit set, odd and without small prime
        // factors is taken for an RSA modulus. Random keys of other sizes never are, and most of these sizes pass.
        var refused = 0;
        for (var i = 0; i < 300; i++)
        {
            if (Record.Exception(() => SigningKeys.FromBytes(RandomNumberGenerator.GetBytes(256))) is not null)
            {
                refused++;
            }
        }

        Assert.InRange(refused, 0, 30);
    }

    // ---------------------------------------------------------------- 2. passphrases that happen to be valid base64

    [Theory]
    [InlineData("ThisIsMySuperSecretKeyForJwtTokenGeneration12345")]
    [InlineData("CorrectHorseBatteryStapleCorrectHorseBatteryStaple0")]
    [InlineData("MyVeryLongAndSecureJwtSigningKeyForProduction2024xyz")]
    [InlineData("thisisaverylongpasswordthatnobodywillguess123456")]
    public void Weakness2_a_passphrase_that_is_valid_base64_is_refused_before_decoding(string passphrase)
    {
        Assert.True(passphrase.Length >= 43);
        Assert.True(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(passphrase).Length >= 32, "the passphrase decodes as base64");
        var e = Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBase64(passphrase));
        Assert.Contains("passphrase", e.Message);
        Assert.DoesNotContain(passphrase, e.Message);

        var configuration = TestTokens.Configuration(("Jwt:SigningKey", passphrase));
        Assert.Contains("passphrase", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.LoadHmacKey(configuration)).Message);
    }

    // ---------------------------------------------------------------- 3. start-up audit misses keys supplied late

    private static IHost Host(Action<IServiceCollection> configure)
    {
        return new HostBuilder().ConfigureServices(services =>
        {
            services.AddAuthentication().AddStrictJwtBearer(TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", SigningKeys.GenerateBase64Secret())));
            configure(services);
        }).Build();
    }

    private static async Task<InsecureJwtConfigurationException> StartFails(Action<JwtBearerOptions> later)
    {
        using var host = Host(s => s.Configure(JwtBearerDefaults.AuthenticationScheme, later));
        return await Assert.ThrowsAsync<InsecureJwtConfigurationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task Weakness3_a_resolver_plugged_in_later_fails_the_start_up_check()
    {
        var wellKnown = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("your-256-bit-secret-your-256-bit"));
        var e = await StartFails(o => o.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, _, _) => new[] { wellKnown });
        Assert.Contains(e.Issues, i => i.Property == "IssuerSigningKeyResolver" && i.Fix.Contains("CheckedKeyResolver"));
    }

    [Fact]
    public async Task Weakness3_a_checked_resolver_passes_the_audit_and_refuses_weak_keys_when_used()
    {
        var good = TestTokens.NewHmacKey();
        var wellKnown = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("your-256-bit-secret-your-256-bit"));
        var parameters = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            o.SigningKeys.Add(good);
        });
        parameters.IssuerSigningKeys = null;
        parameters.IssuerSigningKeyResolver = StrictTokenValidation.CheckedKeyResolver((_, _, _, _) => new[] { good });
        Assert.Empty(StrictTokenValidation.Audit(parameters));
        Assert.NotNull(await SafeTokenValidation.ValidateAsync(TestTokens.Create(good, SecurityAlgorithms.HmacSha256), parameters));

        parameters.IssuerSigningKeyResolver = StrictTokenValidation.CheckedKeyResolver((_, _, _, _) => new[] { wellKnown });
        var e = await Assert.ThrowsAsync<JwtValidationException>(() => SafeTokenValidation.ValidateAsync(TestTokens.Create(wellKnown, SecurityAlgorithms.HmacSha256), parameters));
        Assert.Contains(e.Reason, new[] { JwtValidationReasons.InvalidSigningKey, JwtValidationReasons.InvalidSignature });
    }

    [Fact]
    public async Task Weakness3_keys_from_an_unchecked_resolver_are_still_refused_at_validation()
    {
        // The IssuerSigningKeyValidator that Create installs checks the key that verified the signature, whatever
        // supplied it: a resolver that slipped past the audit cannot validate a token signed with a well-known secret.
        var wellKnown = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("your-256-bit-secret-your-256-bit"));
        var parameters = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            o.SigningKeys.Add(TestTokens.NewHmacKey());
        });
        parameters.IssuerSigningKeyResolver = (_, _, _, _) => new[] { wellKnown };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(TestTokens.Create(wellKnown, SecurityAlgorithms.HmacSha256), parameters);
        Assert.False(result.IsValid);
        Assert.Equal(JwtValidationReasons.InvalidSigningKey, SafeTokenValidation.Rejected(result.Exception, parameters).Reason);
    }

    [Fact]
    public async Task Weakness3_static_metadata_with_a_symmetric_key_fails_the_start_up_check()
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = TestTokens.Issuer };
        configuration.SigningKeys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("your-256-bit-secret-your-256-bit")));
        var e = await StartFails(o => o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration));
        Assert.Contains(e.Issues, i => i.Property == "ConfigurationManager" && i.Problem.Contains("symmetric"));

        e = await StartFails(o => o.Configuration = configuration);
        Assert.Contains(e.Issues, i => i.Property == "Configuration");
    }

    private sealed class PermissiveHandler : JsonWebTokenHandler
    {
    }

    [Fact]
    public async Task Weakness3_a_replaced_token_handler_and_a_TypeValidator_fail_the_start_up_check()
    {
        var e = await StartFails(o =>
        {
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(new PermissiveHandler());
            o.TokenValidationParameters.TypeValidator = (type, _, _) => type;
        });
        Assert.Contains(e.Issues, i => i.Property == "TokenHandlers" && i.Problem.Contains(nameof(PermissiveHandler)));
        Assert.Contains(e.Issues, i => i.Property == "TypeValidator");
    }

    // ---------------------------------------------------------------- 4. UseStrictValidation without a start-up check

    [Fact]
    public void Weakness4_UseStrictValidation_is_gone_so_strict_settings_always_come_with_the_start_up_check()
    {
        var methods = typeof(StrictTokenValidation).Assembly.GetExportedTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static));
        Assert.DoesNotContain(methods, m => m.Name == "UseStrictValidation");
    }

    [Theory]
    [InlineData("RequireSignedTokens")]
    [InlineData("ValidateLifetime")]
    public async Task Weakness4_later_lines_that_weaken_the_scheme_stop_the_host(string property)
    {
        var e = await StartFails(o =>
        {
            if (property == "RequireSignedTokens")
            {
                o.TokenValidationParameters.RequireSignedTokens = false;
            }
            else
            {
                o.TokenValidationParameters.ValidateLifetime = false;
            }
        });
        Assert.Equal(property, Assert.Single(e.Issues).Property);
    }

    // ---------------------------------------------------------------- 5. Jwt:Algorithm echoed in messages

    [Fact]
    public void Weakness5_a_secret_pasted_into_Jwt_Algorithm_is_not_echoed_and_the_key_is_not_called_missing()
    {
        var pasted = SigningKeys.GenerateBase64Secret();
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", SigningKeys.GenerateBase64Secret()), ("Jwt:Algorithm", pasted));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(configuration));
        Assert.DoesNotContain(pasted, e.Message);
        Assert.DoesNotContain(pasted.Substring(0, 12), e.Message);
        Assert.DoesNotContain(e.Issues, i => i.Problem.Contains("is not set"));
        Assert.Contains("not repeated", Assert.Single(e.Issues).Problem);

        var issuer = Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CredentialsFromConfiguration(configuration));
        Assert.DoesNotContain(pasted, issuer.Message);

        var code = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add("i");
            o.ValidAudiences.Add("a");
            o.SigningKeys.Add(TestTokens.NewHmacKey());
            o.ValidAlgorithms.Add(pasted);
        }));
        Assert.DoesNotContain(pasted, code.Message);
    }

    [Fact]
    public void Weakness5_a_known_algorithm_name_is_still_named()
    {
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", SigningKeys.GenerateBase64Secret()), ("Jwt:Algorithm", "RS256"));
        Assert.Contains("'RS256'", Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(configuration)).Message);
    }

    // ---------------------------------------------------------------- 6. AddSecureTokenStore defeated

    [Fact]
    public async Task Weakness6_a_singleton_registered_after_AddSecureTokenStore_stops_the_host()
    {
        using var host = new HostBuilder().ConfigureServices(s =>
        {
            s.AddSecureTokenStore();
            s.AddSingleton<ISecureTokenStore, InMemoryTokenStore>();
        }).Build();
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("registered again after AddSecureTokenStore", e.Message);
    }

    [Fact]
    public async Task Weakness6_AddSecureTokenStore_alone_starts()
    {
        using var host = new HostBuilder().ConfigureServices(s => s.AddSecureTokenStore()).Build();
        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public void Weakness6_resolving_from_the_root_provider_is_refused_and_scopes_get_their_own_store()
    {
        var services = new ServiceCollection().AddSecureTokenStore();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = false });
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISecureTokenStore>());
        Assert.Contains("root service provider", e.Message);

        using var first = provider.CreateScope();
        using var second = provider.CreateScope();
        var a = first.ServiceProvider.GetRequiredService<ISecureTokenStore>();
        Assert.Same(a, first.ServiceProvider.GetRequiredService<ISecureTokenStore>());
        Assert.NotSame(a, second.ServiceProvider.GetRequiredService<ISecureTokenStore>());
    }

    // ---------------------------------------------------------------- 7. caps

    [Fact]
    public void Weakness7_token_cookies_are_capped_at_24_hours_with_an_explicit_opt_out()
    {
        var context = new DefaultHttpContext();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => context.Response.Cookies.AppendToken("access_token", "t", TimeSpan.FromDays(30)));
        Assert.Contains("maxLifetime", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SecureTokenCookies.TokenCookieOptions(TimeSpan.FromHours(25)));

        context.Response.Cookies.AppendToken("access_token", "t", TimeSpan.FromHours(24));
        context.Response.Cookies.AppendToken("refresh_token", "r", TimeSpan.FromDays(14), maxLifetime: TimeSpan.FromDays(14));
        var header = string.Join("\n", context.Response.Headers.SetCookie.ToArray());
        Assert.Contains("__Host-refresh_token=r", header);
        Assert.Contains("max-age=1209600", header);
    }

    [Fact]
    public void Weakness7_Redact_does_not_parse_beyond_its_cap()
    {
        var huge = TestTokens.Create(TestTokens.NewHmacKey(), SecurityAlgorithms.HmacSha256, d => d.Claims = new Dictionary<string, object> { ["pad"] = new string('a', 5_000_000) });
        var redacted = TokenRedaction.Redact(huge);
        Assert.StartsWith("token(too_large, length=" + huge.Length, redacted);
        Assert.DoesNotContain(huge.Substring(0, 20), redacted);
        Assert.StartsWith("jwt(", TokenRedaction.Redact(TestTokens.Create(TestTokens.NewHmacKey(), SecurityAlgorithms.HmacSha256)));
    }

    [Theory]
    [InlineData("brainpoolP256r1")]
    [InlineData("secP256k1")]
    public void Weakness7_EC_keys_on_curves_JWT_does_not_use_are_refused(string curve)
    {
        ECDsa ec;
        try
        {
            ec = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        }
        catch (Exception e) when (e is PlatformNotSupportedException or CryptographicException)
        {
            return; // the platform's crypto library lacks the curve: nothing to refuse
        }

        using (ec)
        {
            Assert.Contains("P-256", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromPublicKeyPem(ec.ExportSubjectPublicKeyInfoPem())).Message);
            var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.Create(o =>
            {
                o.ValidIssuers.Add("i");
                o.ValidAudiences.Add("a");
                o.SigningKeys.Add(new ECDsaSecurityKey(ec));
                o.ValidAlgorithms.Add("ES256");
            }));
            Assert.Contains(e.Issues, i => i.Problem.Contains("curve"));
        }
    }

    [Theory]
    [InlineData("nistP256", "ES256")]
    [InlineData("nistP384", "ES384")]
    [InlineData("nistP521", "ES512")]
    public void Weakness7_EC_keys_on_the_JWS_curves_are_accepted(string curve, string algorithm)
    {
        using var ec = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var key = SigningKeys.FromPublicKeyPem(ec.ExportSubjectPublicKeyInfoPem());
        Assert.Equal(new[] { algorithm }, StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add("i");
            o.ValidAudiences.Add("a");
            o.SigningKeys.Add(key);
        }).ValidAlgorithms);
    }
}
