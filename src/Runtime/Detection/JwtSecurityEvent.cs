using System;
using System.Threading;
using System.Threading.Tasks;

namespace JwtAnalyzers.Runtime;

/// <summary>What a <see cref="JwtSecurityEvent"/> reports.</summary>
public enum JwtSecurityEventKind
{
    /// <summary>A retired refresh token was presented again: it was stolen or replayed. The family was revoked.</summary>
    RefreshTokenReuse,

    /// <summary>One access token (<c>jti</c>) was presented from different client fingerprints within the window.</summary>
    ConcurrentTokenUse,

    /// <summary>One refresh-token family was rotated from different client fingerprints within the window.</summary>
    ConcurrentRefreshUse,

    /// <summary>Many rejected tokens from one client address within the window.</summary>
    RejectionBurstFromClient,

    /// <summary>Many rejected tokens naming one subject within the window (the subject is read from unverified tokens).</summary>
    RejectionBurstForSubject,

    /// <summary>The revocation store could not be reached.</summary>
    RevocationStoreUnavailable,
}

/// <summary>
/// A security event an application can forward to its SIEM (register an <see cref="IJwtSecurityEventSink"/>). Every
/// event is also logged with a stable event id (<see cref="JwtRuntimeEventIds"/>) and counted. Identifiers are SHA-256
/// digests (12 hex digits), never the token, the subject or the address themselves.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="Timestamp">When it was noticed (UTC).</param>
/// <param name="SubjectDigest">Digest of the subject concerned, if known.</param>
/// <param name="TokenIdDigest">Digest of the token id or refresh-token family concerned, if any.</param>
/// <param name="ClientDigest">Digest of the client address concerned, if known.</param>
/// <param name="Count">How many occurrences triggered the event (rejections, fingerprints).</param>
/// <param name="Action">What the runtime did: <c>none</c>, <c>revoked</c>, <c>blocked</c>, <c>rejected</c>.</param>
public sealed record JwtSecurityEvent(
    JwtSecurityEventKind Kind,
    DateTimeOffset Timestamp,
    string? SubjectDigest,
    string? TokenIdDigest,
    string? ClientDigest,
    int Count,
    string Action);

/// <summary>Receives <see cref="JwtSecurityEvent"/>s, for example to forward them to a SIEM. Register with <c>services.AddSingleton&lt;IJwtSecurityEventSink, MySink&gt;()</c>.</summary>
public interface IJwtSecurityEventSink
{
    /// <summary>Handles one event. Exceptions are logged (event 7112) and do not affect the request.</summary>
    /// <param name="securityEvent">The event.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    /// <returns>A task that completes when the event was handled.</returns>
    ValueTask OnSecurityEventAsync(JwtSecurityEvent securityEvent, CancellationToken cancellationToken);
}
