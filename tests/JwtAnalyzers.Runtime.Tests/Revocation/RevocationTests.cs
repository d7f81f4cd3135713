using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>Revocation on the in-memory default, through AddStrictJwtBearer (TestServer) and SafeTokenValidation.</summary>
public class RevocationTests
{
    [Fact]
    public async Task A_revoked_token_gets_401_with_the_reason_and_other_tokens_still_pass()
    {
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation());
        var revoked = TestApi.Token();
        var other = TestApi.Token();
        Assert.Equal(200, (await api.SendAsync("/me", revoked)).Response.StatusCode);

        await api.Services.GetRequiredService<TokenRevocationService>().RevokeAsync(new JsonWebToken(revoked));

        var rejected = await api.SendAsync("/me", revoked);
        Assert.Equal(401, rejected.Response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"revoked\"", rejected.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal(200, (await api.SendAsync("/me", other)).Response.StatusCode);
    }

    [Fact]
    public async Task A_token_without_jti_is_refused_when_revocation_is_on()
    {
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation());
        var response = (await api.SendAsync("/me", TestApi.Token(jti: null))).Response;
        Assert.Equal(401, response.StatusCode);
        Assert.Contains("no_token_id", response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task A_token_without_jti_passes_when_RequireTokenId_is_off()
    {
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation(o => o.RequireTokenId = false));
        Assert.Equal(200, (await api.SendAsync("/me", TestApi.Token(jti: null))).Response.StatusCode);
    }

    [Fact]
    public async Task Subject_cutoff_revokes_tokens_issued_before_it_and_not_tokens_issued_later_or_of_others()
    {
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation());
        var old = TestApi.Token(subject: "alice", issuedAt: DateTime.UtcNow.AddMinutes(-5));
        var bob = TestApi.Token(subject: "bob", issuedAt: DateTime.UtcNow.AddMinutes(-5));
        var later = TestApi.Token(subject: "alice", issuedAt: DateTime.UtcNow.AddSeconds(2));

        await api.Services.GetRequiredService<TokenRevocationService>().RevokeSubjectAsync("alice", DateTimeOffset.UtcNow);

        Assert.Equal(401, (await api.SendAsync("/me", old)).Response.StatusCode);
        Assert.Equal(200, (await api.SendAsync("/me", bob)).Response.StatusCode);
        Assert.Equal(200, (await api.SendAsync("/me", later)).Response.StatusCode);
    }

    [Fact]
    public void A_token_issued_in_the_same_second_as_the_cutoff_counts_as_before_it()
    {
        var cutoff = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500);
        Assert.True(TokenRevocationService.IsBeforeCutoff(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), cutoff));
        Assert.True(TokenRevocationService.IsBeforeCutoff(null, cutoff));
        Assert.False(TokenRevocationService.IsBeforeCutoff(DateTimeOffset.FromUnixTimeSeconds(1_700_000_001), cutoff));
        Assert.False(TokenRevocationService.IsBeforeCutoff(DateTimeOffset.FromUnixTimeSeconds(1), null));
    }

    [Fact]
    public async Task SafeTokenValidation_checks_revocation_and_says_why()
    {
        await using var provider = new ServiceCollection().AddJwtRevocation().BuildServiceProvider();
        var revocation = provider.GetRequiredService<TokenRevocationService>();
        var parameters = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add(TestTokens.Issuer);
            o.ValidAudiences.Add(TestTokens.Audience);
            o.SigningKeys.Add(TestApi.Key);
        });
        var token = TestApi.Token(jti: "t-1");

        var principal = await SafeTokenValidation.ValidateAndCheckRevocationAsync(token, parameters, revocation);
        Assert.Equal("t-1", principal.FindFirst("jti")?.Value);

        await revocation.RevokeAsync(principal);
        var e = await Assert.ThrowsAsync<JwtValidationException>(() => SafeTokenValidation.ValidateAndCheckRevocationAsync(token, parameters, revocation));
        Assert.Equal(JwtValidationReasons.Revoked, e.Reason);
        Assert.DoesNotContain(token, e.Message);

        var noJti = await Assert.ThrowsAsync<JwtValidationException>(() => SafeTokenValidation.ValidateAndCheckRevocationAsync(TestApi.Token(jti: null), parameters, revocation));
        Assert.Equal(JwtValidationReasons.NoTokenId, noJti.Reason);

        var expired = await Assert.ThrowsAsync<JwtValidationException>(() => SafeTokenValidation.ValidateAndCheckRevocationAsync(TestApi.Token(issuedAt: DateTime.UtcNow.AddHours(-2), lifetime: TimeSpan.FromMinutes(10)), parameters, revocation));
        Assert.Equal(JwtValidationReasons.Expired, expired.Reason);
    }

    [Fact]
    public async Task Unreachable_store_fails_closed_with_revocation_unavailable_by_default()
    {
        var port = UnusedPort();
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation(o => o.UseRedis($"127.0.0.1:{port},connectTimeout=300")));
        var response = (await api.SendAsync("/me", TestApi.Token())).Response;
        Assert.Equal(401, response.StatusCode);
        Assert.Contains("revocation_unavailable", response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task Unreachable_store_accepts_tokens_when_fail_open_is_configured()
    {
        var port = UnusedPort();
        await using var api = await TestApi.StartAsync(s => s.AddJwtRevocation(o =>
        {
            o.UseRedis($"127.0.0.1:{port},connectTimeout=300");
            o.FailureMode = RevocationFailureMode.FailOpen;
        }));
        Assert.Equal(200, (await api.SendAsync("/me", TestApi.Token())).Response.StatusCode);
    }

    [Fact]
    public void Options_are_validated_with_a_message_that_says_what_to_change()
    {
        using var provider = new ServiceCollection().AddJwtRevocation(o => o.LocalCacheDuration = TimeSpan.FromMinutes(2)).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JwtRevocationOptions>>().Value);
        Assert.Contains("LocalCacheDuration", e.Message);
        Assert.Contains("00:00:30", e.Message);
    }

    [Fact]
    public void EventsType_on_a_JwtBearer_scheme_is_refused_because_it_would_bypass_revocation()
    {
        var services = new ServiceCollection();
        services.AddAuthentication().AddJwtBearer(o => o.EventsType = typeof(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerEvents));
        services.AddJwtRevocation();
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>().Get("Bearer"));
        Assert.Contains("EventsType", e.Message);
    }

    [Fact]
    public void Revoking_a_principal_without_jti_explains_what_to_do_instead()
    {
        using var provider = new ServiceCollection().AddJwtRevocation().BuildServiceProvider();
        var e = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<TokenRevocationService>().RevokeAsync(new System.Security.Claims.ClaimsPrincipal()).GetAwaiter().GetResult());
        Assert.Contains("RevokeSubjectAsync", e.Message);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_at_start_up()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApi.StartAsync(s => s.AddJwtRevocation(o => o.KeyPrefix = " ")));
        Assert.Contains("KeyPrefix", e.Message);
    }

    [Fact]
    public async Task Fail_open_logs_every_unchecked_acceptance()
    {
        var port = UnusedPort();
        await using var api = await TestApi.StartAsync(s => s.AddFakeLogging().AddJwtRevocation(o =>
        {
            o.UseRedis($"127.0.0.1:{port},connectTimeout=300");
            o.FailureMode = RevocationFailureMode.FailOpen;
        }));
        await api.SendAsync("/me", TestApi.Token());
        var logs = api.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, r => r.Id == JwtRuntimeEventIds.AcceptedWithoutRevocationCheck && r.Level == LogLevel.Warning);
        Assert.Contains(logs, r => r.Id == JwtRuntimeEventIds.RevocationStoreUnavailable && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task A_failing_security_event_sink_is_logged_and_does_not_change_the_outcome()
    {
        await using var api = await TestApi.StartAsync(s => s
            .AddFakeLogging()
            .AddJwtSuspiciousUseDetection(o => o.RevokeOnConcurrentUse = true)
            .AddSingleton<IJwtSecurityEventSink, ThrowingSink>());
        var token = TestApi.Token();
        Assert.Equal(200, (await api.SendAsync("/me", token, address: "203.0.113.10")).Response.StatusCode);
        Assert.Equal(401, (await api.SendAsync("/me", token, address: "100.64.7.9")).Response.StatusCode);
        Assert.Contains(api.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id == JwtRuntimeEventIds.SecurityEventSinkFailed);
    }

    private sealed class ThrowingSink : IJwtSecurityEventSink
    {
        public ValueTask OnSecurityEventAsync(JwtSecurityEvent securityEvent, CancellationToken cancellationToken) =>
            throw new HttpRequestException("SIEM endpoint unreachable");
    }

    internal static int UnusedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
