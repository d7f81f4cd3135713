using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using JwtAnalyzers.Runtime;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

public class TokenRedactionTests
{
    private static readonly SymmetricSecurityKey s_key = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "key-2024" };

    private static string CreateToken(DateTime? expires = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", "alice"), new Claim("email", "alice@example.com")]),
        Issuer = "https://issuer.example",
        Audience = "api",
        NotBefore = new DateTime(2026, 11, 29, 3, 0, 0, DateTimeKind.Utc),
        Expires = expires ?? new DateTime(2026, 11, 29, 4, 0, 0, DateTimeKind.Utc),
        IssuedAt = new DateTime(2026, 11, 29, 3, 0, 0, DateTimeKind.Utc),
        SigningCredentials = new SigningCredentials(s_key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public void Jws_ShowsAlgKidExpiryAndHash_NeverPayloadOrSignature()
    {
        var token = CreateToken();
        var redacted = TokenRedaction.Redact(token);
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12].ToLowerInvariant();
        Assert.Equal($"jwt(alg=HS256, kid=key-2024, exp=2026-11-29T04:00:00Z, sha256={hash})", redacted);
        var parts = token.Split('.');
        Assert.DoesNotContain(parts[1], redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(parts[2], redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void BearerPrefix_IsIgnored()
    {
        var token = CreateToken();
        Assert.Equal(TokenRedaction.Redact(token), TokenRedaction.Redact("Bearer " + token));
    }

    [Theory]
    [InlineData(null, "token(none)")]
    [InlineData("", "token(none)")]
    [InlineData("   ", "token(none)")]
    public void Empty(string? token, string expected) => Assert.Equal(expected, TokenRedaction.Redact(token));

    [Fact]
    public void OpaqueToken_OnlyHash()
    {
        var redacted = TokenRedaction.Redact("2YotnFZFEjr1zCsicMWpAA");
        Assert.Matches("^token\\(sha256=[0-9a-f]{12}\\)$", redacted);
        Assert.DoesNotContain("2YotnFZFEjr1zCsicMWpAA", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJwt_OnlyHash()
    {
        var redacted = TokenRedaction.Redact("not.a.jwt");
        Assert.Matches("^token\\(malformed, sha256=[0-9a-f]{12}\\)$", redacted);
    }

    [Fact]
    public void NoExpiry_SaysNone()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode("""{"sub":"bob"}""");
        Assert.StartsWith("jwt(alg=none, kid=none, exp=none, sha256=", TokenRedaction.Redact(header + "." + payload + "."), StringComparison.Ordinal);
    }

    [Fact]
    public void HostileHeaderValues_CannotForgeLogLines()
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"HS256\",\"kid\":\"k1\\r\\nINFO forged line, sha256=000\"}");
        var payload = Base64UrlEncoder.Encode("""{"exp":1}""");
        var redacted = TokenRedaction.Redact(header + "." + payload + ".sig");
        Assert.DoesNotContain("\n", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", redacted, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(redacted, "sha256="));
    }

    [Fact]
    public void SameToken_SameHash_DifferentToken_DifferentHash()
    {
        var a = CreateToken();
        var b = CreateToken(new DateTime(2026, 11, 29, 5, 0, 0, DateTimeKind.Utc));
        Assert.Equal(TokenRedaction.Redact(a), TokenRedaction.Redact(a));
        Assert.NotEqual(TokenRedaction.Redact(a)[^13..], TokenRedaction.Redact(b)[^13..]);
    }
}
