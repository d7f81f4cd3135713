using System;
using System.Security.Cryptography;
using System.Text;

namespace JwtAnalyzers.Runtime;

/// <summary>Hashes identifiers before they become cache keys or log values.</summary>
internal static class RuntimeHashing
{
    /// <summary>Base64url of SHA-256 (43 characters): cache keys for token ids, subjects, families, refresh tokens.</summary>
    public static string Key(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(digest.ToArray());
    }

    /// <summary>First 12 hex digits of SHA-256: lets logs correlate an id without revealing it.</summary>
    public static string Digest(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "none";
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToHexString(digest[..6]).ToLowerInvariant();
    }
}
