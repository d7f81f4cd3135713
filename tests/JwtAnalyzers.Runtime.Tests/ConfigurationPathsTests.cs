using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>The configuration-driven paths the code fixes rewrite to: issue and validate from the same "Jwt" section.</summary>
public class ConfigurationPathsTests
{
    private static readonly string Secret = SigningKeys.GenerateBase64Secret();

    [Fact]
    public async Task A_token_issued_from_configuration_validates_from_configuration()
    {
        var configuration = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", Secret), ("Jwt:Algorithm", "HS512"));
        var token = SafeTokenIssuer.CreateToken(configuration, new[] { new Claim("sub", "carol") }, TimeSpan.FromMinutes(5));
        Assert.Contains("HS512", TestTokens.Header(token));

        var principal = await SafeTokenValidation.ValidateFromConfigurationAsync(token, configuration);
        Assert.Equal("carol", principal.FindFirst("sub")!.Value);

        var other = TestTokens.Configuration(("Jwt:Issuer", TestTokens.Issuer), ("Jwt:Audience", TestTokens.Audience), ("Jwt:SigningKey", SigningKeys.GenerateBase64Secret()));
        Assert.Equal(JwtValidationReasons.InvalidSignature, (await Assert.ThrowsAsync<JwtValidationException>(() => SafeTokenValidation.ValidateFromConfigurationAsync(token, other))).Reason);
    }

    [Fact]
    public void Issuing_from_incomplete_configuration_names_the_keys()
    {
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => SafeTokenIssuer.CreateToken(TestTokens.Configuration(("Jwt:SigningKey", Secret)), new[] { new Claim("sub", "a") }, TimeSpan.FromMinutes(5)));
        Assert.Equal(new[] { "Jwt:Issuer", "Jwt:Audience" }, e.Issues.Select(i => i.Property));

        var noKey = Assert.Throws<WeakSigningKeyException>(() => SafeTokenIssuer.CreateToken(TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a")), new[] { new Claim("sub", "a") }, TimeSpan.FromMinutes(5)));
        Assert.Contains("'Jwt:SigningKey'", noKey.Message);
    }

    [Fact]
    public void CredentialsFromConfiguration_uses_the_configured_algorithm()
    {
        var credentials = SafeTokenIssuer.CredentialsFromConfiguration(TestTokens.Configuration(("Auth:SigningKey", Secret), ("Auth:Algorithm", SecurityAlgorithms.HmacSha384Signature)), "Auth");
        Assert.Equal("HS384", credentials.Algorithm);
        Assert.Throws<ArgumentException>(() => SafeTokenIssuer.CredentialsFromConfiguration(TestTokens.Configuration(("Jwt:SigningKey", Secret), ("Jwt:Algorithm", "RS256"))));
    }

    [Fact]
    public void Key_bytes_for_other_libraries_are_checked_copies()
    {
        var bytes = SigningKeys.LoadHmacKeyBytes(TestTokens.Configuration(("Jwt:SigningKey", Secret)));
        Assert.Equal(Convert.FromBase64String(Secret), bytes);
        Assert.Throws<WeakSigningKeyException>(() => SigningKeys.LoadHmacKeyBytes(TestTokens.Configuration(("Jwt:SigningKey", Convert.ToBase64String(Encoding.UTF8.GetBytes("secret"))))));

        var variable = "JWTANALYZERS_TEST_" + Guid.NewGuid().ToString("N");
        Assert.Throws<WeakSigningKeyException>(() => SigningKeys.BytesFromEnvironment(variable));
        Environment.SetEnvironmentVariable(variable, Secret);
        try
        {
            Assert.Equal(64, SigningKeys.BytesFromEnvironment(variable).Length);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AlgorithmsFor_pins_by_key_type()
    {
        Assert.Equal(new[] { "HS256" }, StrictTokenValidation.AlgorithmsFor(TestTokens.NewHmacKey(32)));
        Assert.Equal(new[] { "ES256" }, StrictTokenValidation.AlgorithmsFor(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256))));
        Assert.DoesNotContain(StrictTokenValidation.AlgorithmsFor(TestTokens.NewRsaKey()), a => a.StartsWith("HS", StringComparison.Ordinal));
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(TestTokens.PublicOnly(TestTokens.NewRsaKey()));
        Assert.Contains("RS256", StrictTokenValidation.AlgorithmsFor(jwk));
    }
}
