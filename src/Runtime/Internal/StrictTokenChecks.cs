using System;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using JwtRegisteredClaimNames = Microsoft.IdentityModel.JsonWebTokens.JwtRegisteredClaimNames;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Internal;

/// <summary>
/// The token checks IdentityModel does not make, plugged into <see cref="TokenValidationParameters"/> by
/// <see cref="StrictTokenValidation"/> as its <c>LifetimeValidator</c>, <c>TypeValidator</c> and
/// <c>IssuerSigningKeyValidator</c> (so they run with <c>JsonWebTokenHandler</c>, <c>JwtSecurityTokenHandler</c>,
/// JwtBearer and <see cref="SafeTokenValidation"/> alike), and run by <see cref="SafeTokenValidation"/> before
/// IdentityModel sees a token:
/// <list type="bullet">
/// <item>one spelling per token: every segment is canonical base64url (no padding, no characters outside the
/// alphabet, no stray bits) and the header and payload are one JSON object each, with nothing after it;</item>
/// <item><c>crit</c> header parameters are refused: this library understands none (RFC 7515 section 4.1.11);</item>
/// <item><c>exp</c>, <c>nbf</c> and <c>iat</c> are JSON numbers (RFC 7519 NumericDate), not strings;</item>
/// <item>lifetime: the usual <c>exp</c>/<c>nbf</c> check with the clock skew, plus <c>iat</c> not in the future and
/// <c>exp − iat</c>, <c>exp − now</c> and <c>now − iat</c> at most the maximum token lifetime;</item>
/// <item><c>typ</c> one of the accepted types, case-insensitively;</item>
/// <item>the key that verified the signature is not weak (keys from resolvers and metadata are checked here).</item>
/// </list>
/// </summary>
internal sealed class StrictTokenChecks
{
    internal static readonly StrictTokenChecks Default = new(StrictJwtOptions.DefaultMaxTokenLifetime, Array.Empty<string>(), requireType: false);

    private static readonly ConditionalWeakTable<SecurityKey, string> RefusedKeys = new();
    private static readonly ConditionalWeakTable<SecurityKey, object> AcceptedKeys = new();

    internal StrictTokenChecks(TimeSpan maxLifetime, IEnumerable<string> types, bool requireType)
    {
        MaxLifetime = maxLifetime;
        var list = types.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        Types = list.Count > 0 ? list : StrictJwtOptions.DefaultValidTypes.ToList();
        RequireType = requireType;
    }

    internal TimeSpan MaxLifetime { get; }

    internal IReadOnlyList<string> Types { get; }

    internal bool RequireType { get; }

    /// <summary>The checks plugged into <paramref name="parameters"/>, or the defaults for hand-built parameters.</summary>
    internal static StrictTokenChecks For(TokenValidationParameters parameters) =>
        parameters.LifetimeValidator?.Target as StrictTokenChecks ?? parameters.TypeValidator?.Target as StrictTokenChecks ?? FromValidTypes(parameters);

    private static StrictTokenChecks FromValidTypes(TokenValidationParameters parameters) =>
        parameters.ValidTypes is { } types && types.Any(t => !string.IsNullOrWhiteSpace(t)) ? new StrictTokenChecks(StrictJwtOptions.DefaultMaxTokenLifetime, types, requireType: false) : Default;

    internal static bool IsOurs(Delegate? validator) => validator?.Target is StrictTokenChecks;

    internal void Install(TokenValidationParameters parameters)
    {
        parameters.LifetimeValidator = ValidateLifetime;
        parameters.TypeValidator = ValidateType;
        parameters.IssuerSigningKeyValidator = ValidateSigningKey;
        parameters.ValidTypes = Types.ToList();
        if (parameters.TokenDecryptionKeys is not null)
        {
            parameters.TokenDecryptionKeyResolver = ResolveDecryptionKeys;
        }
    }

    /// <summary>The JWE key-management algorithms accepted (RSA1_5 never: RFC 8725 section 3.2).</summary>
    internal static readonly string[] KeyManagementAlgorithms =
    {
        SecurityAlgorithms.RsaOAEP, "RSA-OAEP-256", SecurityAlgorithms.Aes128KW, SecurityAlgorithms.Aes192KW, SecurityAlgorithms.Aes256KW, "dir",
    };

    /// <summary>The JWE content-encryption algorithms accepted.</summary>
    internal static readonly string[] ContentEncryptionAlgorithms =
    {
        SecurityAlgorithms.Aes128CbcHmacSha256, SecurityAlgorithms.Aes192CbcHmacSha384, SecurityAlgorithms.Aes256CbcHmacSha512,
        SecurityAlgorithms.Aes128Gcm, SecurityAlgorithms.Aes192Gcm, SecurityAlgorithms.Aes256Gcm,
    };

    /// <summary>
    /// TokenDecryptionKeyResolver (installed when decryption keys are configured): refuses JWE key-management and
    /// content-encryption algorithms outside the accepted lists, which IdentityModel does not check against
    /// ValidAlgorithms (RSA1_5 would otherwise be decrypted, RFC 8725 section 3.2), then returns the configured keys.
    /// </summary>
    internal IEnumerable<SecurityKey> ResolveDecryptionKeys(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
    {
        var (alg, enc) = securityToken switch
        {
            JsonWebToken jwt => (jwt.Alg, jwt.Enc),
            JwtSecurityToken jwt => (jwt.Header.Alg, jwt.Header.Enc),
            _ => (null, null),
        };
        if (alg is null || !KeyManagementAlgorithms.Contains(alg, StringComparer.Ordinal) || enc is null || !ContentEncryptionAlgorithms.Contains(enc, StringComparer.Ordinal))
        {
            throw new SecurityTokenDecryptionFailedException($"The encrypted token uses a key-management or content-encryption algorithm that is not accepted; accepted: {string.Join(", ", KeyManagementAlgorithms)} with {string.Join(", ", ContentEncryptionAlgorithms)} (RSA1_5 is never accepted, RFC 8725 section 3.2).");
        }

        var keys = new List<SecurityKey>();
        if (parameters.TokenDecryptionKey is not null)
        {
            keys.Add(parameters.TokenDecryptionKey);
        }

        if (parameters.TokenDecryptionKeys is not null)
        {
            keys.AddRange(parameters.TokenDecryptionKeys.Where(k => k is not null));
        }

        return keys;
    }

    // ---- the delegates ----

    /// <summary>LifetimeValidator: shape checks, then expiry, not-before, issued-at and maximum lifetime.</summary>
    internal bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var encoded = Encoded(token);
        var dates = encoded is null ? default : CheckShape(encoded);
        CheckLifetime(notBefore, expires, dates.IssuedAt ?? IssuedAt(token), parameters.RequireExpirationTime, parameters.ClockSkew, DateTime.UtcNow);
        return true;
    }

    /// <summary>TypeValidator: the <c>typ</c> header against the accepted types, case-insensitively.</summary>
    internal string ValidateType(string? type, SecurityToken token, TokenValidationParameters parameters)
    {
        CheckType(type);
        return type ?? string.Empty;
    }

    /// <summary>IssuerSigningKeyValidator: refuses weak keys, whatever supplied them (resolver, metadata, configuration manager).</summary>
    internal bool ValidateSigningKey(SecurityKey key, SecurityToken token, TokenValidationParameters parameters)
    {
        if (key is null)
        {
            return false;
        }

        if (key is X509SecurityKey x509)
        {
            var now = DateTime.UtcNow;
            if (now < x509.Certificate.NotBefore.ToUniversalTime() - parameters.ClockSkew || now > x509.Certificate.NotAfter.ToUniversalTime() + parameters.ClockSkew)
            {
                throw new SecurityTokenInvalidSigningKeyException("IDX10249: The certificate of the signing key is expired or not yet valid.") { SigningKey = key };
            }
        }

        if (AcceptedKeys.TryGetValue(key, out _))
        {
            return true;
        }

        if (!RefusedKeys.TryGetValue(key, out var problem))
        {
            problem = StrictTokenValidation.CheckKeys(new[] { key }, "key", 32, SecurityAlgorithms.HmacSha256).FirstOrDefault()?.Problem;
            if (problem is null)
            {
                AcceptedKeys.AddOrUpdate(key, new object());
                return true;
            }

            RefusedKeys.AddOrUpdate(key, problem);
        }

        throw new SecurityTokenInvalidSigningKeyException("The key that verified the token's signature was refused: it " + problem) { SigningKey = key };
    }

    // ---- the checks ----

    internal void CheckType(string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            if (RequireType)
            {
                throw new SecurityTokenInvalidTypeException($"The token has no type ('typ' header); accepted: {string.Join(", ", Types)}.");
            }

            return;
        }

        if (!Types.Any(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SecurityTokenInvalidTypeException($"The token's type ('typ' header) is not accepted; accepted: {string.Join(", ", Types)}.") { InvalidType = null };
        }
    }

    internal void CheckLifetime(DateTime? notBefore, DateTime? expires, DateTime? issuedAt, bool requireExpiration, TimeSpan skew, DateTime now)
    {
        if (expires is null)
        {
            if (requireExpiration)
            {
                throw new SecurityTokenNoExpirationException("IDX10225: The token has no expiration time ('exp').");
            }
        }

        if (notBefore is { } nbf && expires is { } exp1 && nbf > exp1)
        {
            throw new SecurityTokenInvalidLifetimeException("IDX10224: The token's 'nbf' is after its 'exp'.") { NotBefore = nbf, Expires = exp1 };
        }

        if (notBefore is { } nbf2 && nbf2 > Add(now, skew))
        {
            throw new SecurityTokenNotYetValidException("IDX10222: The token is not valid yet.") { NotBefore = nbf2 };
        }

        if (expires is { } exp2 && exp2 < Add(now, -skew))
        {
            throw new SecurityTokenExpiredException("IDX10223: The token has expired.") { Expires = exp2 };
        }

        if (issuedAt is { } iat && iat > Add(now, skew))
        {
            throw new StrictTokenException(JwtValidationReasons.IssuedInFuture, $"The token's 'iat' (issued at) is in the future beyond the allowed clock skew of {StrictTokenValidation.Format(skew)}; a token cannot be issued later than it is used.");
        }

        var max = MaxLifetime + skew;
        if (expires is { } exp3)
        {
            if (issuedAt is { } iat2 && exp3 - iat2 > max)
            {
                throw TooLong("from 'iat' to 'exp'");
            }

            if (exp3 - now > max)
            {
                throw TooLong("from now to 'exp'");
            }
        }

        if (issuedAt is { } iat3 && now - iat3 > max)
        {
            throw TooLong("since 'iat'");
        }
    }

    private StrictTokenException TooLong(string what) =>
        new(JwtValidationReasons.LifetimeTooLong, $"The token's lifetime {what} exceeds the maximum token lifetime of {StrictTokenValidation.Format(MaxLifetime)} (StrictJwtOptions.MaxTokenLifetime); long-lived tokens cannot be taken back once stolen.");

    private static DateTime Add(DateTime value, TimeSpan delta)
    {
        try
        {
            return value + delta;
        }
        catch (ArgumentOutOfRangeException)
        {
            return delta > TimeSpan.Zero ? DateTime.MaxValue : DateTime.MinValue;
        }
    }

    /// <summary>The token dates read from the raw payload.</summary>
    internal readonly record struct RawDates(DateTime? IssuedAt);

    /// <summary>
    /// Canonical base64url in every segment, one JSON object in header and payload with nothing after it, no
    /// <c>crit</c>, NumericDate claims that are numbers. Throws <see cref="StrictTokenException"/>.
    /// </summary>
    internal static RawDates CheckShape(string encoded)
    {
        var segments = encoded.Split('.');
        if (segments.Length is not (3 or 5))
        {
            throw Malformed("it does not have three (JWS) or five (JWE) segments.");
        }

        for (var i = 0; i < segments.Length; i++)
        {
            if (!IsCanonicalBase64Url(segments[i]))
            {
                throw Malformed($"segment {i + 1} is not canonical base64url (padding '=', characters outside the base64url alphabet or non-zero unused bits); one token has one spelling.");
            }
        }

        using (var header = ParseObject(segments[0], "header"))
        {
            if (header.RootElement.TryGetProperty("crit", out _))
            {
                throw new StrictTokenException(JwtValidationReasons.UnsupportedCriticalHeader, "The token's header lists critical extensions ('crit'); this validator understands none of them, so the token must be rejected (RFC 7515 section 4.1.11).");
            }
        }

        if (segments.Length == 5)
        {
            return default;
        }

        using var payload = ParseObject(segments[1], "payload");
        DateTime? issuedAt = null;
        foreach (var name in new[] { JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Nbf, JwtRegisteredClaimNames.Iat })
        {
            if (!payload.RootElement.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || double.IsNaN(seconds) || double.IsInfinity(seconds))
            {
                throw Malformed($"its '{name}' claim is not a JSON number; RFC 7519 NumericDate values are numbers of seconds, never strings.");
            }

            if (name == JwtRegisteredClaimNames.Iat)
            {
                issuedAt = seconds >= 253402300799 ? DateTime.MaxValue : seconds <= -62135596800 ? DateTime.MinValue : DateTime.UnixEpoch.AddSeconds(Math.Floor(seconds));
            }
        }

        return new RawDates(issuedAt);
    }

    private static JsonDocument ParseObject(string segment, string part)
    {
        var bytes = Base64UrlEncoder.DecodeBytes(segment);
        JsonDocument document;
        try
        {
            // JsonDocument.Parse refuses trailing data after the value; comments and trailing commas are off by default.
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            throw Malformed($"its {part} is not exactly one JSON object (invalid JSON, or data after the object).");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Malformed($"its {part} is not a JSON object.");
        }

        return document;
    }

    internal static bool IsCanonicalBase64Url(string segment)
    {
        if (segment.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_'))
            {
                return false;
            }
        }

        try
        {
            return string.Equals(Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(segment)), segment, StringComparison.Ordinal);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static StrictTokenException Malformed(string why) => new(JwtValidationReasons.Malformed, "The token is not in canonical compact form: " + why);

    private static string? Encoded(SecurityToken token) => token switch
    {
        JsonWebToken jwt => jwt.EncodedToken,
        JwtSecurityToken jwt when !string.IsNullOrEmpty(jwt.RawData) => jwt.RawData,
        JwtSecurityToken jwt => string.Join(".", jwt.RawHeader, jwt.RawPayload, jwt.RawSignature),
        _ => null,
    };

    private static DateTime? IssuedAt(SecurityToken token) => token switch
    {
        JsonWebToken jwt when jwt.IssuedAt != DateTime.MinValue => jwt.IssuedAt,
        JwtSecurityToken jwt when jwt.IssuedAt != DateTime.MinValue => jwt.IssuedAt,
        _ => null,
    };
}

/// <summary>A rejection by <see cref="StrictTokenChecks"/>, carrying its <see cref="JwtValidationReasons"/> code.</summary>
internal sealed class StrictTokenException : SecurityTokenValidationException
{
    internal StrictTokenException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    internal string Reason { get; }
}
