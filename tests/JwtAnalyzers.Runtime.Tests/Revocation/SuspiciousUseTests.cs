using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>Several clients (addresses, user agents) driven through TestServer against the detection options.</summary>
public class SuspiciousUseTests
{
    private static Task<TestApi> StartAsync(CollectingSink sink, Action<JwtSuspiciousUseOptions> configure) =>
        TestApi.StartAsync(
            s => s.AddJwtSuspiciousUseDetection(configure).AddSingleton<IJwtSecurityEventSink>(sink),
            beforeAuthentication: app => app.UseJwtAbuseProtection());

    private static string Forged() => TestApi.Token()[..^6] + "AAAAAA";

    [Fact]
    public async Task A_burst_of_rejected_tokens_from_one_address_raises_one_event_and_blocks_that_address_only()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink, o =>
        {
            o.ClientFailureThreshold = 5;
            o.BlockClients = true;
        });
        using var blocked = new MetricCollector<long>(api.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.BlockedCounter);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(401, (await api.SendAsync("/me", Forged(), address: "198.51.100.7")).Response.StatusCode);
        }

        Assert.Empty(sink.Events);
        Assert.Equal(401, (await api.SendAsync("/me", Forged(), address: "198.51.100.7")).Response.StatusCode);
        var burst = Assert.Single(sink.Events);
        Assert.Equal(JwtSecurityEventKind.RejectionBurstFromClient, burst.Kind);
        Assert.Equal(5, burst.Count);
        Assert.Equal("blocked", burst.Action);
        Assert.DoesNotContain("198.51.100.7", burst.ClientDigest);

        // The attacker's address is now answered 429 even with a valid token; another client is not affected.
        var attacker = await api.SendAsync("/me", TestApi.Token(), address: "198.51.100.7");
        Assert.Equal(429, attacker.Response.StatusCode);
        Assert.InRange(int.Parse(attacker.Response.Headers.RetryAfter.ToString()), 1, 60);
        Assert.Equal(200, (await api.SendAsync("/me", TestApi.Token(), address: "198.51.100.8")).Response.StatusCode);
        Assert.Equal(1, blocked.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Without_BlockClients_a_burst_is_reported_but_not_blocked()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink, o => o.ClientFailureThreshold = 3);
        for (var i = 0; i < 3; i++)
        {
            await api.SendAsync("/me", Forged(), address: "198.51.100.20");
        }

        Assert.Single(sink.Events, e => e.Kind == JwtSecurityEventKind.RejectionBurstFromClient && e.Action == "none");
        Assert.Equal(200, (await api.SendAsync("/me", TestApi.Token(), address: "198.51.100.20")).Response.StatusCode);
    }

    [Fact]
    public async Task A_burst_of_rejected_tokens_naming_one_subject_from_many_addresses_is_reported_per_subject()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink, o =>
        {
            o.SubjectFailureThreshold = 4;
            o.BlockClients = true;
        });
        for (var i = 0; i < 4; i++)
        {
            var expired = TestApi.Token(subject: "victim", issuedAt: DateTime.UtcNow.AddHours(-1));
            Assert.Equal(401, (await api.SendAsync("/me", expired, address: $"192.0.2.{i + 1}")).Response.StatusCode);
        }

        var burst = Assert.Single(sink.Events);
        Assert.Equal(JwtSecurityEventKind.RejectionBurstForSubject, burst.Kind);
        Assert.NotNull(burst.SubjectDigest);
        Assert.NotEqual("victim", burst.SubjectDigest);
        // Subjects are never blocked (their count comes from unverified tokens): the user can still sign in.
        Assert.Equal(200, (await api.SendAsync("/me", TestApi.Token(subject: "victim"), address: "192.0.2.1")).Response.StatusCode);
    }

    [Fact]
    public async Task One_token_used_from_two_places_at_once_is_reported_and_revoked_when_configured()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink, o => o.RevokeOnConcurrentUse = true);
        var token = TestApi.Token();

        Assert.Equal(200, (await api.SendAsync("/me", token, address: "203.0.113.10", userAgent: "Firefox/140")).Response.StatusCode);
        Assert.Equal(200, (await api.SendAsync("/me", token, address: "203.0.113.10", userAgent: "Firefox/140")).Response.StatusCode);
        var elsewhere = await api.SendAsync("/me", token, address: "100.64.7.9", userAgent: "curl/8.0");
        Assert.Equal(401, elsewhere.Response.StatusCode);
        Assert.Contains("revoked", elsewhere.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal(401, (await api.SendAsync("/me", token, address: "203.0.113.10", userAgent: "Firefox/140")).Response.StatusCode);

        var concurrent = Assert.Single(sink.Events, e => e.Kind == JwtSecurityEventKind.ConcurrentTokenUse);
        Assert.Equal(2, concurrent.Count);
        Assert.Equal("revoked", concurrent.Action);
    }

    [Fact]
    public async Task Concurrent_use_is_only_reported_by_default()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink, _ => { });
        var token = TestApi.Token();
        await api.SendAsync("/me", token, address: "203.0.113.10");
        Assert.Equal(200, (await api.SendAsync("/me", token, address: "100.64.7.9")).Response.StatusCode);
        Assert.Single(sink.Events, e => e.Kind == JwtSecurityEventKind.ConcurrentTokenUse && e.Action == "none");
    }

    [Fact]
    public async Task False_positive_guard_a_client_moving_within_its_address_block_is_not_concurrent_use()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink, o => o.RevokeOnConcurrentUse = true);
        var token = TestApi.Token();
        Assert.Equal(200, (await api.SendAsync("/me", token, address: "203.0.113.10")).Response.StatusCode);
        Assert.Equal(200, (await api.SendAsync("/me", token, address: "203.0.113.77")).Response.StatusCode);
        Assert.Equal(200, (await api.SendAsync("/me", token, address: "::ffff:203.0.113.200")).Response.StatusCode);
        Assert.Empty(sink.Events);
    }

    [Fact]
    public async Task Concurrent_use_of_a_refresh_family_is_reported_and_revoked_when_configured()
    {
        var sink = new CollectingSink();
        await using var api = await TestApi.StartAsync(s => s
            .AddJwtRefreshTokens()
            .AddJwtSuspiciousUseDetection(o => o.RevokeOnConcurrentUse = true)
            .AddSingleton<IJwtSecurityEventSink>(sink));
        var refresh = api.Services.GetRequiredService<RefreshTokenService>();
        var pair = await refresh.IssueAsync("dave", "web");
        var next = await refresh.RotateAsync(pair.RefreshToken, "web", new JwtClientInfo(System.Net.IPAddress.Parse("203.0.113.10"), "Firefox/140"));

        var e = await Assert.ThrowsAsync<RefreshTokenException>(() => refresh.RotateAsync(next.RefreshToken, "web", new JwtClientInfo(System.Net.IPAddress.Parse("100.64.7.9"), "curl/8.0")));
        Assert.Equal(RefreshTokenReasons.Revoked, e.Reason);
        Assert.Single(sink.Events, x => x.Kind == JwtSecurityEventKind.ConcurrentRefreshUse && x.Action == "revoked");
        Assert.Equal(401, (await api.SendAsync("/me", next.AccessToken)).Response.StatusCode);
    }

    [Fact]
    public void UseJwtAbuseProtection_without_detection_says_what_to_register()
    {
        var builder = WebApplication.CreateBuilder();
        var app = builder.Build();
        var e = Assert.Throws<InvalidOperationException>(() => app.UseJwtAbuseProtection());
        Assert.Contains("AddJwtSuspiciousUseDetection", e.Message);
    }
}
