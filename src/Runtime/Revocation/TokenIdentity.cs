using System;
using System.IdentityModel.Tokens.Jwt;
using JwtRegisteredClaimNames = Microsoft.IdentityModel.JsonWebTokens.JwtRegisteredClaimNames;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>The claims revocation looks at, read from a validated token.</summary>
internal readonly record struct TokenIdentity(string? TokenId, string? Subject, string? FamilyId, DateTimeOffset? IssuedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>The refresh-token family claim put into access tokens by <see cref="RefreshTokenService"/>: <c>sid</c>.</summary>
    public const string FamilyClaim = "sid";

    public static TokenIdentity From(SecurityToken token) => token switch
    {
        JsonWebToken jwt => new(
            Empty(jwt.Id),
            Empty(jwt.Subject),
            jwt.TryGetPayloadValue<string>(FamilyClaim, out var sid) ? Empty(sid) : null,
            Instant(jwt.IssuedAt),
            Instant(jwt.ValidTo)),
        JwtSecurityToken jwt => new(
            Empty(jwt.Id),
            Empty(jwt.Subject),
            Empty(jwt.Payload.TryGetValue(FamilyClaim, out var value) ? value as string : null),
            Instant(jwt.IssuedAt),
            Instant(jwt.ValidTo)),
        _ => throw new ArgumentException($"Revocation reads JsonWebToken or JwtSecurityToken, not {token.GetType().Name}.", nameof(token)),
    };

    public static TokenIdentity From(ClaimsPrincipal principal) => new(
        Empty(principal.FindFirst(JwtRegisteredClaimNames.Jti)?.Value),
        Empty(principal.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value),
        Empty(principal.FindFirst(FamilyClaim)?.Value),
        Seconds(principal.FindFirst(JwtRegisteredClaimNames.Iat)?.Value),
        Seconds(principal.FindFirst(JwtRegisteredClaimNames.Exp)?.Value));

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static DateTimeOffset? Instant(DateTime value) => value == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Seconds(string? value) =>
        long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
