using System;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Options of <c>services.AddJwtSuspiciousUseDetection()</c>: bursts of rejected tokens and one token used from several
/// places at once. The defaults only observe (log, metric, <see cref="IJwtSecurityEventSink"/>); blocking and revoking
/// are opt-in.
/// </summary>
public sealed class JwtSuspiciousUseOptions
{
    /// <summary>Whether detection runs; set by <c>AddJwtSuspiciousUseDetection()</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>Rejected tokens from one client address within <see cref="FailureWindow"/> that raise an event. Default 20.</summary>
    public int ClientFailureThreshold { get; set; } = 20;

    /// <summary>Rejected tokens naming one subject within <see cref="FailureWindow"/> that raise an event. Default 10.</summary>
    public int SubjectFailureThreshold { get; set; } = 10;

    /// <summary>The sliding window rejections are counted in. Default one minute.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Answer 429 (with <c>Retry-After</c>) to a client address for the rest of the window once it crossed
    /// <see cref="ClientFailureThreshold"/>; needs <c>app.UseJwtAbuseProtection()</c> before <c>UseAuthentication()</c>.
    /// Default <see langword="false"/>. Subjects are never blocked: their count comes from unverified tokens, and
    /// blocking them would let anyone lock a user out.
    /// </summary>
    public bool BlockClients { get; set; }

    /// <summary>The window in which one token id or refresh family seen from two client fingerprints is flagged. Default 5 minutes.</summary>
    public TimeSpan ConcurrentUseWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Revoke the token (and its family) or the refresh family when concurrent use is seen. Default <see langword="false"/>.</summary>
    public bool RevokeOnConcurrentUse { get; set; }

    internal string? Validate()
    {
        if (ClientFailureThreshold < 2 || SubjectFailureThreshold < 2)
        {
            return "JwtSuspiciousUseOptions thresholds must be at least 2.";
        }

        if (FailureWindow < TimeSpan.FromSeconds(1) || FailureWindow > TimeSpan.FromHours(1))
        {
            return $"JwtSuspiciousUseOptions.FailureWindow is {FailureWindow}; use 00:00:01 to 01:00:00.";
        }

        if (ConcurrentUseWindow < TimeSpan.FromSeconds(1) || ConcurrentUseWindow > TimeSpan.FromHours(1))
        {
            return $"JwtSuspiciousUseOptions.ConcurrentUseWindow is {ConcurrentUseWindow}; use 00:00:01 to 01:00:00.";
        }

        return null;
    }
}
