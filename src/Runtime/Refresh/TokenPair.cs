using System;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// An access token and the refresh token that replaces it. <see cref="ToString"/> never prints the tokens. Send the
/// refresh token in an HttpOnly cookie (<c>Response.Cookies.AppendToken("refresh_token", pair.RefreshToken, ...)</c>),
/// never in a script-readable place.
/// </summary>
public sealed class TokenPair
{
    internal TokenPair(string accessToken, DateTimeOffset accessTokenExpiresAt, string refreshToken, DateTimeOffset refreshTokenExpiresAt, string familyId, string subject)
    {
        AccessToken = accessToken;
        AccessTokenExpiresAt = accessTokenExpiresAt;
        RefreshToken = refreshToken;
        RefreshTokenExpiresAt = refreshTokenExpiresAt;
        FamilyId = familyId;
        Subject = subject;
    }

    /// <summary>The signed access token (JWT).</summary>
    public string AccessToken { get; }

    /// <summary>When the access token expires.</summary>
    public DateTimeOffset AccessTokenExpiresAt { get; }

    /// <summary>The opaque refresh token: 256 random bits, base64url. Stored server-side only as a SHA-256 hash.</summary>
    public string RefreshToken { get; }

    /// <summary>When the refresh token expires if unused (idle timeout, capped by the family's absolute lifetime).</summary>
    public DateTimeOffset RefreshTokenExpiresAt { get; }

    /// <summary>The family (one sign-in): the <c>sid</c> claim of the access tokens. Revoke it to sign the session out.</summary>
    public string FamilyId { get; }

    /// <summary>The subject.</summary>
    public string Subject { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"TokenPair(access={TokenRedaction.Redact(AccessToken)}, refresh=opaque(sha256={RuntimeHashing.Digest(RefreshToken)}), family={RuntimeHashing.Digest(FamilyId)})";
}
