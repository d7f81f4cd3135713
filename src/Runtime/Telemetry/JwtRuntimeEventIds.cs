using Microsoft.Extensions.Logging;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// The stable <see cref="EventId"/>s of the runtime's log events (category <c>JwtAnalyzers.Runtime</c>), so log
/// pipelines and SIEM rules can match on the id rather than on the text. Ids never change meaning once released.
/// </summary>
public static class JwtRuntimeEventIds
{
    /// <summary>7101 (Information): a token was rejected; carries the reason code and the redacted token.</summary>
    public static readonly EventId TokenRejected = new(7101, nameof(TokenRejected));

    /// <summary>7102 (Information): a token id was revoked.</summary>
    public static readonly EventId TokenRevoked = new(7102, nameof(TokenRevoked));

    /// <summary>7103 (Information): every token of a subject issued before an instant was revoked.</summary>
    public static readonly EventId SubjectRevoked = new(7103, nameof(SubjectRevoked));

    /// <summary>7104 (Information): a refresh-token family (a sign-in session) and its access tokens were revoked.</summary>
    public static readonly EventId FamilyRevoked = new(7104, nameof(FamilyRevoked));

    /// <summary>7105 (Warning): a retired refresh token was presented again; its family was revoked.</summary>
    public static readonly EventId RefreshTokenReuse = new(7105, nameof(RefreshTokenReuse));

    /// <summary>7106 (Error): the revocation store could not be reached; tokens are rejected (fail closed) or accepted (fail open).</summary>
    public static readonly EventId RevocationStoreUnavailable = new(7106, nameof(RevocationStoreUnavailable));

    /// <summary>7107 (Information): the revocation store answers again after a failure.</summary>
    public static readonly EventId RevocationStoreRecovered = new(7107, nameof(RevocationStoreRecovered));

    /// <summary>7108 (Warning): one token id or refresh family was used from different client fingerprints within the window.</summary>
    public static readonly EventId ConcurrentUse = new(7108, nameof(ConcurrentUse));

    /// <summary>7109 (Warning): a burst of rejected tokens from one client address or for one subject.</summary>
    public static readonly EventId RejectionBurst = new(7109, nameof(RejectionBurst));

    /// <summary>7110 (Information): a request was answered 429 because its client address is blocked.</summary>
    public static readonly EventId ClientBlocked = new(7110, nameof(ClientBlocked));

    /// <summary>7111 (Debug): a refresh token was rotated.</summary>
    public static readonly EventId RefreshTokenRotated = new(7111, nameof(RefreshTokenRotated));

    /// <summary>7112 (Warning): a security-event sink threw; the event was still logged and counted.</summary>
    public static readonly EventId SecurityEventSinkFailed = new(7112, nameof(SecurityEventSinkFailed));

    /// <summary>7113 (Warning): a token was accepted without a revocation check because the store is down and fail-open is configured.</summary>
    public static readonly EventId AcceptedWithoutRevocationCheck = new(7113, nameof(AcceptedWithoutRevocationCheck));

    /// <summary>7114 (Information): a refresh token was refused (unknown, expired, wrong client or revoked).</summary>
    public static readonly EventId RefreshTokenRefused = new(7114, nameof(RefreshTokenRefused));
}
