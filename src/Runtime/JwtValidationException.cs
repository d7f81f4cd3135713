using System;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Thrown by <see cref="SafeTokenValidation"/> when a token is rejected. <see cref="Reason"/> is a stable code (see
/// <see cref="JwtValidationReasons"/>); the message says why in plain words. Neither contains the token, and the
/// IdentityModel exception is not attached (its text can contain token parts when PII logging is on); its IDX code
/// is kept in <see cref="IdentityModelCode"/>.
/// </summary>
public sealed class JwtValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">One of the <see cref="JwtValidationReasons"/> codes.</param>
    /// <param name="message">Why the token was rejected; must not contain the token.</param>
    public JwtValidationException(string reason, string message)
        : this(reason, message, null)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">One of the <see cref="JwtValidationReasons"/> codes.</param>
    /// <param name="message">Why the token was rejected; must not contain the token.</param>
    /// <param name="identityModelCode">The IDX code of the underlying IdentityModel error, if any.</param>
    public JwtValidationException(string reason, string message, string? identityModelCode)
        : base(message)
    {
        Reason = reason ?? JwtValidationReasons.Invalid;
        IdentityModelCode = identityModelCode;
    }

    /// <summary>Why the token was rejected, as a stable code such as <c>expired</c> or <c>invalid_signature</c>.</summary>
    public string Reason { get; }

    /// <summary>The IdentityModel error code (for example <c>IDX10223</c>), when the rejection came from IdentityModel.</summary>
    public string? IdentityModelCode { get; }
}

/// <summary>The values of <see cref="JwtValidationException.Reason"/>.</summary>
public static class JwtValidationReasons
{
    /// <summary>No token was supplied (null, empty or whitespace).</summary>
    public const string Missing = "missing";

    /// <summary>The input is not a JWT in compact serialization.</summary>
    public const string Malformed = "malformed";

    /// <summary>The input is larger than the handler's maximum token size.</summary>
    public const string TooLarge = "too_large";

    /// <summary>The token is not signed (<c>alg: none</c> or an empty signature).</summary>
    public const string Unsigned = "unsigned";

    /// <summary>The signature does not verify with any configured key (tampered, wrong key, wrong algorithm family).</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>The token's <c>alg</c> is not one of the accepted algorithms.</summary>
    public const string InvalidAlgorithm = "invalid_algorithm";

    /// <summary>The token has expired (<c>exp</c> in the past beyond the clock skew).</summary>
    public const string Expired = "expired";

    /// <summary>The token is not valid yet (<c>nbf</c> in the future beyond the clock skew).</summary>
    public const string NotYetValid = "not_yet_valid";

    /// <summary>The token has no <c>exp</c> claim.</summary>
    public const string NoExpiration = "no_expiration";

    /// <summary>The token's lifetime is inconsistent (for example <c>nbf</c> after <c>exp</c>).</summary>
    public const string InvalidLifetime = "invalid_lifetime";

    /// <summary>The token's audience is missing or not accepted.</summary>
    public const string InvalidAudience = "invalid_audience";

    /// <summary>The token's issuer is missing or not accepted.</summary>
    public const string InvalidIssuer = "invalid_issuer";

    /// <summary>The token's lifetime (<c>exp − iat</c>, <c>exp − now</c> or <c>now − iat</c>) exceeds <see cref="StrictJwtOptions.MaxTokenLifetime"/>.</summary>
    public const string LifetimeTooLong = "lifetime_too_long";

    /// <summary>The token's <c>iat</c> is in the future beyond the clock skew.</summary>
    public const string IssuedInFuture = "issued_in_future";

    /// <summary>The token's header has a <c>crit</c> parameter, which this library does not understand (RFC 7515 section 4.1.11).</summary>
    public const string UnsupportedCriticalHeader = "unsupported_critical_header";

    /// <summary>The token's <c>typ</c> header is not accepted.</summary>
    public const string InvalidType = "invalid_type";

    /// <summary>The signing key itself was refused (for example an expired certificate).</summary>
    public const string InvalidSigningKey = "invalid_signing_key";

    /// <summary>The token was already used (replay detection).</summary>
    public const string Replayed = "replayed";

    /// <summary>The encrypted token could not be decrypted.</summary>
    public const string DecryptionFailed = "decryption_failed";

    /// <summary>The token, its subject or its refresh-token family was revoked (see <c>AddJwtRevocation()</c>).</summary>
    public const string Revoked = "revoked";

    /// <summary>The revocation store could not be reached and revocation fails closed.</summary>
    public const string RevocationUnavailable = "revocation_unavailable";

    /// <summary>Revocation is on and the token has no <c>jti</c>, so it could not be revoked individually.</summary>
    public const string NoTokenId = "no_token_id";

    /// <summary>Any other rejection.</summary>
    public const string Invalid = "invalid";
}
