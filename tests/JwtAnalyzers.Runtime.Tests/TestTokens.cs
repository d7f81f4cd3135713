using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

/// <summary>Real keys and real tokens signed by IdentityModel.</summary>
internal static class TestTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "api://orders";

    public static SymmetricSecurityKey NewHmacKey(int bytes = 64) => new(RandomNumberGenerator.GetBytes(bytes));

    public static RsaSecurityKey NewRsaKey(int bits = 2048) => new(RSA.Create(bits));

    public static string PublicPem(RsaSecurityKey key) => key.Rsa.ExportSubjectPublicKeyInfoPem();

    public static RsaSecurityKey PublicOnly(RsaSecurityKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(PublicPem(key));
        return new RsaSecurityKey(rsa);
    }

    public static string Create(SecurityKey key, string algorithm, Action<SecurityTokenDescriptor>? tweak = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(new[] { new Claim("sub", "alice"), new Claim("role", "user") }),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, algorithm),
        };
        tweak?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>Signs an arbitrary JSON payload (lets a test omit exp).</summary>
    public static string CreateFromPayload(string payloadJson, SecurityKey key, string algorithm) =>
        new JsonWebTokenHandler().CreateToken(payloadJson, new SigningCredentials(key, algorithm));

    public static string Base64Url(string text) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(text));

    public static string Payload(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));

    public static string Header(string token) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[0]));

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
