using System;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// A refresh token was refused. <see cref="Reason"/> is one of <see cref="RefreshTokenReasons"/>; the message says why
/// and never contains the token. Answer <c>400 invalid_grant</c> (RFC 6749 §5.2) or 401 and clear the cookie.
/// </summary>
public sealed class RefreshTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">One of <see cref="RefreshTokenReasons"/>.</param>
    /// <param name="message">Why; must not contain the token.</param>
    public RefreshTokenException(string reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">One of <see cref="RefreshTokenReasons"/>.</param>
    /// <param name="message">Why; must not contain the token.</param>
    /// <param name="innerException">The cause.</param>
    public RefreshTokenException(string reason, string message, Exception innerException)
        : base(message, innerException) => Reason = reason;

    /// <summary>The stable reason code.</summary>
    public string Reason { get; }
}

/// <summary>The values of <see cref="RefreshTokenException.Reason"/>.</summary>
public static class RefreshTokenReasons
{
    /// <summary>Unknown, malformed or expired (idle or absolute) refresh token.</summary>
    public const string Invalid = "invalid_grant";

    /// <summary>The refresh token was already used: it was stolen or replayed; its family was revoked.</summary>
    public const string ReuseDetected = "reuse_detected";

    /// <summary>The family or the subject was revoked.</summary>
    public const string Revoked = "revoked";

    /// <summary>The refresh token belongs to another client.</summary>
    public const string ClientMismatch = "client_mismatch";

    /// <summary>The store could not be reached; nothing was issued.</summary>
    public const string Unavailable = "unavailable";
}
