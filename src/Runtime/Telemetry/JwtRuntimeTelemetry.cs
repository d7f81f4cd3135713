using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// The runtime's instruments: a <see cref="Meter"/> named <see cref="MeterName"/> created through
/// <see cref="IMeterFactory"/> (so OpenTelemetry's <c>AddMeter("JwtAnalyzers.Runtime")</c> and
/// <c>dotnet-counters monitor --counters JwtAnalyzers.Runtime</c> pick it up) and an <see cref="ActivitySource"/> of the
/// same name with one span per validation. Registered as a singleton by <c>AddJwtRevocation()</c>. Tags never carry a
/// token, a subject or an address.
/// </summary>
public sealed class JwtRuntimeTelemetry
{
    /// <summary>The name of the meter and of the activity source: <c>JwtAnalyzers.Runtime</c>.</summary>
    public const string MeterName = "JwtAnalyzers.Runtime";

    /// <summary>The activity source name, equal to <see cref="MeterName"/>.</summary>
    public const string ActivitySourceName = MeterName;

    /// <summary>Counter of tokens that passed validation (and the revocation check). Tag: <c>jwt.path</c>.</summary>
    public const string ValidatedCounter = "jwtanalyzers.tokens.validated";

    /// <summary>Counter of rejected tokens. Tags: <c>jwt.reason</c> (a <see cref="JwtValidationReasons"/> code), <c>jwt.path</c>.</summary>
    public const string RejectedCounter = "jwtanalyzers.tokens.rejected";

    /// <summary>Histogram of validation duration in seconds. Tags: <c>jwt.outcome</c> (<c>valid</c>/<c>rejected</c>), <c>jwt.path</c>.</summary>
    public const string DurationHistogram = "jwtanalyzers.tokens.validation.duration";

    /// <summary>Counter of revocations. Tags: <c>jwt.revocation.kind</c> (<c>token</c>, <c>subject</c>, <c>family</c>), <c>jwt.revocation.cause</c>.</summary>
    public const string RevocationsCounter = "jwtanalyzers.revocations";

    /// <summary>Counter of failed calls to the revocation store. Tag: <c>jwt.operation</c>.</summary>
    public const string StoreErrorsCounter = "jwtanalyzers.revocation.store_errors";

    /// <summary>Counter of refresh tokens issued. Tag: <c>jwt.refresh.kind</c> (<c>issue</c>, <c>rotate</c>).</summary>
    public const string RefreshIssuedCounter = "jwtanalyzers.refresh.issued";

    /// <summary>Counter of refresh-token rotations.</summary>
    public const string RotationsCounter = "jwtanalyzers.refresh.rotations";

    /// <summary>Counter of retired refresh tokens presented again (theft indicator).</summary>
    public const string ReuseCounter = "jwtanalyzers.refresh.reuse_detected";

    /// <summary>Counter of security events. Tag: <c>jwt.security_event</c> (a <see cref="JwtSecurityEventKind"/> name).</summary>
    public const string SecurityEventsCounter = "jwtanalyzers.security_events";

    /// <summary>Counter of requests answered 429 because their client address was blocked.</summary>
    public const string BlockedCounter = "jwtanalyzers.clients.blocked_requests";

    /// <summary>The path tag value for JwtBearer authentication.</summary>
    public const string JwtBearerPath = "jwt_bearer";

    /// <summary>The path tag value for <see cref="SafeTokenValidation"/>.</summary>
    public const string SafeValidationPath = "safe_token_validation";

    internal static readonly ActivitySource Source = new(ActivitySourceName, typeof(JwtRuntimeTelemetry).Assembly.GetName().Version?.ToString());

    private readonly Counter<long> validated;
    private readonly Counter<long> rejected;
    private readonly Histogram<double> duration;
    private readonly Counter<long> revocations;
    private readonly Counter<long> storeErrors;
    private readonly Counter<long> refreshIssued;
    private readonly Counter<long> rotations;
    private readonly Counter<long> reuse;
    private readonly Counter<long> securityEvents;
    private readonly Counter<long> blocked;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The host's meter factory (<c>services.AddMetrics()</c>).</param>
    public JwtRuntimeTelemetry(IMeterFactory meterFactory)
    {
        if (meterFactory is null)
        {
            throw new ArgumentNullException(nameof(meterFactory));
        }

        var meter = meterFactory.Create(new MeterOptions(MeterName));
        validated = meter.CreateCounter<long>(ValidatedCounter, "{token}", "Tokens that passed validation and the revocation check.");
        rejected = meter.CreateCounter<long>(RejectedCounter, "{token}", "Tokens rejected, by reason.");
        duration = meter.CreateHistogram<double>(DurationHistogram, "s", "Duration of token validation including the revocation check.");
        revocations = meter.CreateCounter<long>(RevocationsCounter, "{revocation}", "Tokens, subjects and refresh-token families revoked.");
        storeErrors = meter.CreateCounter<long>(StoreErrorsCounter, "{error}", "Failed calls to the revocation store (IDistributedCache).");
        refreshIssued = meter.CreateCounter<long>(RefreshIssuedCounter, "{token}", "Refresh tokens issued.");
        rotations = meter.CreateCounter<long>(RotationsCounter, "{rotation}", "Refresh-token rotations.");
        reuse = meter.CreateCounter<long>(ReuseCounter, "{event}", "Retired refresh tokens presented again.");
        securityEvents = meter.CreateCounter<long>(SecurityEventsCounter, "{event}", "Security events raised, by kind.");
        blocked = meter.CreateCounter<long>(BlockedCounter, "{request}", "Requests answered 429 because the client was blocked.");
    }

    internal void Validated(string path, TimeSpan elapsed)
    {
        var pathTag = new KeyValuePair<string, object?>("jwt.path", path);
        validated.Add(1, pathTag);
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("jwt.outcome", "valid"), pathTag);
    }

    internal void Rejected(string path, string reason, TimeSpan? elapsed)
    {
        var pathTag = new KeyValuePair<string, object?>("jwt.path", path);
        rejected.Add(1, new KeyValuePair<string, object?>("jwt.reason", reason), pathTag);
        if (elapsed is { } value)
        {
            duration.Record(value.TotalSeconds, new KeyValuePair<string, object?>("jwt.outcome", "rejected"), pathTag);
        }
    }

    internal void Revoked(string kind, string cause) =>
        revocations.Add(1, new KeyValuePair<string, object?>("jwt.revocation.kind", kind), new KeyValuePair<string, object?>("jwt.revocation.cause", cause));

    internal void StoreError(string operation) => storeErrors.Add(1, new KeyValuePair<string, object?>("jwt.operation", operation));

    internal void RefreshIssued(string kind) => refreshIssued.Add(1, new KeyValuePair<string, object?>("jwt.refresh.kind", kind));

    internal void Rotated() => rotations.Add(1);

    internal void ReuseDetected() => reuse.Add(1);

    internal void SecurityEvent(JwtSecurityEventKind kind) => securityEvents.Add(1, new KeyValuePair<string, object?>("jwt.security_event", kind.ToString()));

    internal void Blocked() => blocked.Add(1);

    /// <summary>Records one validation span that started at <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) and ended now.</summary>
    internal static void Span(string path, long startTimestamp, string outcome, string? reason)
    {
        if (!Source.HasListeners())
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(startTimestamp);
        var end = DateTimeOffset.UtcNow;
        using var activity = Source.StartActivity("jwt.validate", ActivityKind.Internal, parentContext: default, tags: null, links: null, startTime: end - elapsed);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("jwt.path", path);
        activity.SetTag("jwt.outcome", outcome);
        if (reason is not null)
        {
            activity.SetTag("jwt.reason", reason);
            activity.SetStatus(ActivityStatusCode.Error, reason);
        }

        activity.SetEndTime(end.UtcDateTime);
    }
}
