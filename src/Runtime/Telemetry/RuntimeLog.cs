using System;
using Microsoft.Extensions.Logging;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Log events of revocation, rotation and detection. Tokens appear only through <see cref="TokenRedaction.Redact"/>;
/// token ids, subjects, families and addresses only as short SHA-256 digests (<see cref="RuntimeHashing.Digest"/>).
/// </summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 7101, EventName = nameof(JwtRuntimeEventIds.TokenRejected), Level = LogLevel.Information, Message = "Token rejected on {Path}: {Reason} ({Token})")]
    public static partial void TokenRejected(ILogger logger, string path, string reason, string token);

    [LoggerMessage(EventId = 7102, EventName = nameof(JwtRuntimeEventIds.TokenRevoked), Level = LogLevel.Information, Message = "Token id {TokenIdDigest} revoked until {Until:o} ({Cause})")]
    public static partial void TokenRevoked(ILogger logger, string tokenIdDigest, DateTimeOffset until, string cause);

    [LoggerMessage(EventId = 7103, EventName = nameof(JwtRuntimeEventIds.SubjectRevoked), Level = LogLevel.Information, Message = "Tokens of subject {SubjectDigest} issued before {Cutoff:o} revoked ({Cause})")]
    public static partial void SubjectRevoked(ILogger logger, string subjectDigest, DateTimeOffset cutoff, string cause);

    [LoggerMessage(EventId = 7104, EventName = nameof(JwtRuntimeEventIds.FamilyRevoked), Level = LogLevel.Information, Message = "Refresh-token family {FamilyDigest} and its access tokens revoked ({Cause})")]
    public static partial void FamilyRevoked(ILogger logger, string familyDigest, string cause);

    [LoggerMessage(EventId = 7105, EventName = nameof(JwtRuntimeEventIds.RefreshTokenReuse), Level = LogLevel.Warning, Message = "Retired refresh token of family {FamilyDigest} (subject {SubjectDigest}) presented again from client {ClientDigest}: the family was revoked")]
    public static partial void RefreshTokenReuse(ILogger logger, string familyDigest, string subjectDigest, string clientDigest);

    [LoggerMessage(EventId = 7106, EventName = nameof(JwtRuntimeEventIds.RevocationStoreUnavailable), Level = LogLevel.Error, Message = "The revocation store is unavailable during {Operation}; tokens are {Policy} until it recovers")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string operation, string policy);

    [LoggerMessage(EventId = 7107, EventName = nameof(JwtRuntimeEventIds.RevocationStoreRecovered), Level = LogLevel.Information, Message = "The revocation store answers again")]
    public static partial void StoreRecovered(ILogger logger);

    [LoggerMessage(EventId = 7108, EventName = nameof(JwtRuntimeEventIds.ConcurrentUse), Level = LogLevel.Warning, Message = "{Kind} {IdDigest} used from {Count} different client fingerprints within {Window}; revoked: {Revoked}")]
    public static partial void ConcurrentUse(ILogger logger, string kind, string idDigest, int count, TimeSpan window, bool revoked);

    [LoggerMessage(EventId = 7109, EventName = nameof(JwtRuntimeEventIds.RejectionBurst), Level = LogLevel.Warning, Message = "{Count} rejected tokens for {Scope} {KeyDigest} within {Window}; blocked: {Blocked}")]
    public static partial void RejectionBurst(ILogger logger, int count, string scope, string keyDigest, TimeSpan window, bool blocked);

    [LoggerMessage(EventId = 7110, EventName = nameof(JwtRuntimeEventIds.ClientBlocked), Level = LogLevel.Information, Message = "Request from blocked client {ClientDigest} answered 429 (retry after {RetryAfterSeconds} s)")]
    public static partial void ClientBlocked(ILogger logger, string clientDigest, int retryAfterSeconds);

    [LoggerMessage(EventId = 7111, EventName = nameof(JwtRuntimeEventIds.RefreshTokenRotated), Level = LogLevel.Debug, Message = "Refresh token of family {FamilyDigest} rotated")]
    public static partial void RefreshTokenRotated(ILogger logger, string familyDigest);

    [LoggerMessage(EventId = 7112, EventName = nameof(JwtRuntimeEventIds.SecurityEventSinkFailed), Level = LogLevel.Warning, Message = "The security-event sink {Sink} failed on a {Kind} event")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string sink, JwtSecurityEventKind kind);

    [LoggerMessage(EventId = 7113, EventName = nameof(JwtRuntimeEventIds.AcceptedWithoutRevocationCheck), Level = LogLevel.Warning, Message = "Token {TokenIdDigest} accepted without a revocation check: the store is unavailable and FailureMode is FailOpen")]
    public static partial void AcceptedWithoutCheck(ILogger logger, string tokenIdDigest);

    [LoggerMessage(EventId = 7114, EventName = nameof(JwtRuntimeEventIds.RefreshTokenRefused), Level = LogLevel.Information, Message = "Refresh token refused: {Reason}")]
    public static partial void RefreshTokenRefused(ILogger logger, string reason);
}
