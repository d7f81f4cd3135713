using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Renders a token for logs without making the log a credential store: its algorithm, key id and expiry (read from
/// the header and the <c>exp</c> claim) and the first 12 hex digits of its SHA-256 hash, so the same token can be
/// correlated across log lines. Never the payload, the claims or the signature.
/// </summary>
public static partial class TokenRedaction
{
    private const int HashHexLength = 12;
    private const int MaxHeaderValueLength = 64;

    /// <summary>
    /// Values longer than this (16 KiB, well above real tokens and below IdentityModel's 250 KB limit) are not parsed:
    /// they are rendered as <c>token(too_large, length=..., sha256=...)</c> with the hash of their first 16 KiB.
    /// </summary>
    public const int MaxInputLength = 16 * 1024;

    /// <summary>
    /// <c>jwt(alg=RS256, kid=2024-key, exp=2026-11-29T04:00:00Z, sha256=1a2b3c4d5e6f)</c> for a JWS,
    /// <c>jwe(alg=RSA-OAEP, enc=A256GCM, kid=..., sha256=...)</c> for a JWE, <c>token(sha256=...)</c> for anything else,
    /// <c>token(none)</c> for null or empty. A leading <c>Bearer </c> is ignored.
    /// </summary>
    public static string Redact(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return "token(none)";
        }

        var value = token.Trim();
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = value.Substring("Bearer ".Length).Trim();
        }

        if (value.Length > MaxInputLength)
        {
            // Not parsed: only the first MaxInputLength characters are hashed, so a huge value costs no more than a token.
            return $"token(too_large, length={value.Length.ToString(CultureInfo.InvariantCulture)}, sha256={Hash(value.Substring(0, MaxInputLength))})";
        }

        var hash = Hash(value);
        var segments = value.Split('.').Length;
        if (segments is not (3 or 5))
        {
            return $"token(sha256={hash})";
        }

        JsonWebToken parsed;
        try
        {
            parsed = new JsonWebToken(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            return $"token(malformed, sha256={hash})";
        }

        var builder = new StringBuilder(parsed.IsEncrypted ? "jwe(" : "jwt(");
        builder.Append("alg=").Append(Clean(parsed.Alg));
        if (parsed.IsEncrypted)
        {
            builder.Append(", enc=").Append(Clean(parsed.Enc));
        }

        builder.Append(", kid=").Append(Clean(parsed.Kid));
        if (!parsed.IsEncrypted)
        {
            builder.Append(", exp=").Append(ReadExpiry(parsed));
        }

        builder.Append(", sha256=").Append(hash).Append(')');
        return builder.ToString();
    }

    private static string ReadExpiry(JsonWebToken token)
    {
        try
        {
            if (!token.TryGetPayloadValue<long>("exp", out var seconds))
            {
                return "none";
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return "invalid";
        }
    }

    /// <summary>Header values come from whoever made the token: keep them short and printable so they cannot forge log lines.</summary>
    private static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "none";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxHeaderValueLength));
        foreach (var c in value)
        {
            if (builder.Length == MaxHeaderValueLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(c is >= '!' and <= '~' && c is not (',' or '(' or ')' or '=') ? c : '?');
        }

        return builder.ToString();
    }

    private static string Hash(string value)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return Convert.ToHexString(digest).Substring(0, HashHexLength).ToLowerInvariant();
    }
}
