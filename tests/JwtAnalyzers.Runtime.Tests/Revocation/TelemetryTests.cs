using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>The meter, activity source and log events, read with MetricCollector, an ActivityListener and FakeLogger.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Validations_and_rejections_are_counted_with_their_reason_and_timed()
    {
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation());
        var factory = api.Services.GetRequiredService<IMeterFactory>();
        using var validated = new MetricCollector<long>(factory, JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.ValidatedCounter);
        using var rejected = new MetricCollector<long>(factory, JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.RejectedCounter);
        using var duration = new MetricCollector<double>(factory, JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.DurationHistogram);
        using var revocations = new MetricCollector<long>(factory, JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.RevocationsCounter);

        var token = TestApi.Token();
        await api.SendAsync("/me", token);
        await api.SendAsync("/me", token);
        await api.Services.GetRequiredService<TokenRevocationService>().RevokeAsync(new JsonWebToken(token));
        await api.SendAsync("/me", token);
        await api.SendAsync("/me", TestApi.Token(issuedAt: DateTime.UtcNow.AddHours(-1)));
        await api.SendAsync("/me", TestApi.Token()[..^4] + "AAAA");

        Assert.Equal(2, validated.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(validated.GetMeasurementSnapshot(), m => Assert.Equal(JwtRuntimeTelemetry.JwtBearerPath, m.Tags["jwt.path"]));
        var reasons = rejected.GetMeasurementSnapshot().Select(m => (string)m.Tags["jwt.reason"]!).Order().ToArray();
        Assert.Equal(new[] { JwtValidationReasons.Expired, JwtValidationReasons.InvalidSignature, JwtValidationReasons.Revoked }, reasons);
        var timings = duration.GetMeasurementSnapshot();
        Assert.Equal(5, timings.Count);
        Assert.Equal(2, timings.Count(m => (string)m.Tags["jwt.outcome"]! == "valid"));
        Assert.All(timings, m => Assert.True(m.Value >= 0 && m.Value < 5));
        var revocation = Assert.Single(revocations.GetMeasurementSnapshot());
        Assert.Equal("token", revocation.Tags["jwt.revocation.kind"]);
        Assert.Equal("manual", revocation.Tags["jwt.revocation.cause"]);
    }

    [Fact]
    public async Task Each_validation_is_a_span_carrying_the_outcome()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is JwtRuntimeTelemetry.ActivitySourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation());
        var subject = "span-" + Guid.NewGuid().ToString("N");
        var token = TestApi.Token(subject: subject);
        var trace = ActivityTraceId.CreateRandom();
        void Traced(Microsoft.AspNetCore.Http.HttpContext c) => c.Request.Headers["traceparent"] = $"00-{trace}-{ActivitySpanId.CreateRandom()}-01";
        await api.SendAsync("/me", token, configure: Traced);
        await api.Services.GetRequiredService<TokenRevocationService>().RevokeSubjectAsync(subject);
        await api.SendAsync("/me", token, configure: Traced);

        List<Activity> mine;
        lock (spans)
        {
            // Spans of this test's two requests only: other tests run in parallel.
            mine = spans.Where(a => a.OperationName == "jwt.validate" && a.TraceId == trace).OrderBy(a => a.StartTimeUtc).ToList();
        }

        Assert.Equal(2, mine.Count);
        Assert.Equal("valid", mine[0].GetTagItem("jwt.outcome"));
        Assert.Equal("rejected", mine[1].GetTagItem("jwt.outcome"));
        Assert.Equal(JwtValidationReasons.Revoked, mine[1].GetTagItem("jwt.reason"));
        Assert.Equal(ActivityStatusCode.Error, mine[1].Status);
        Assert.True(mine[1].Duration >= TimeSpan.Zero);
    }

    [Fact]
    public async Task Rejections_and_revocations_are_logged_with_stable_event_ids_and_never_the_token()
    {
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation().AddFakeLogging());
        var token = TestApi.Token(jti: "log-jti-1", subject: "log-subject");
        await api.Services.GetRequiredService<TokenRevocationService>().RevokeAsync(new JsonWebToken(token));
        await api.SendAsync("/me", token);

        var logs = api.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == JwtRuntimeTelemetry.MeterName).ToList();
        var revokedLog = Assert.Single(logs, r => r.Id.Id == 7102);
        Assert.Equal(JwtRuntimeEventIds.TokenRevoked, revokedLog.Id);
        var rejectedLog = Assert.Single(logs, r => r.Id.Id == 7101);
        Assert.Equal(nameof(JwtRuntimeEventIds.TokenRejected), rejectedLog.Id.Name);
        Assert.Equal(LogLevel.Information, rejectedLog.Level);
        Assert.Contains(TokenRedaction.Redact(token), rejectedLog.Message);
        Assert.Contains("revoked", rejectedLog.Message);
        foreach (var record in logs)
        {
            Assert.DoesNotContain(token, record.Message);
            Assert.DoesNotContain(token.Split('.')[1], record.Message);
            Assert.DoesNotContain("log-jti-1", record.Message);
            Assert.DoesNotContain("log-subject", record.Message);
        }
    }

    [Fact]
    public void Event_ids_are_unique_and_in_the_runtime_range()
    {
        var ids = typeof(JwtRuntimeEventIds).GetFields().Select(f => (Microsoft.Extensions.Logging.EventId)f.GetValue(null)!).ToList();
        Assert.Equal(ids.Count, ids.Select(i => i.Id).Distinct().Count());
        Assert.All(ids, i => Assert.InRange(i.Id, 7100, 7199));
        Assert.All(typeof(JwtRuntimeEventIds).GetFields(), f => Assert.Equal(f.Name, ((Microsoft.Extensions.Logging.EventId)f.GetValue(null)!).Name));
    }
}
