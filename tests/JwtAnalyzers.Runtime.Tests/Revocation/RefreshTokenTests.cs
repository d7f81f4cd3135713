using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>Refresh-token rotation and reuse detection on the in-memory default, with access tokens checked by a TestServer app.</summary>
public class RefreshTokenTests
{
    private static Task<TestApi> StartAsync(CollectingSink? sink = null, Action<JwtRefreshTokenOptions>? configure = null) =>
        TestApi.StartAsync(s =>
        {
            s.AddJwtRefreshTokens(configure).AddFakeLogging();
            if (sink is not null)
            {
                s.AddSingleton<IJwtSecurityEventSink>(sink);
            }
        });

    [Fact]
    public async Task Issue_returns_a_valid_access_token_and_an_opaque_256_bit_refresh_token()
    {
        await using var api = await StartAsync();
        var refresh = api.Services.GetRequiredService<RefreshTokenService>();
        var pair = await refresh.IssueAsync("alice", "web", new[] { new Claim("role", "admin") });

        Assert.Equal(32, Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(pair.RefreshToken).Length);
        var access = new JsonWebToken(pair.AccessToken);
        Assert.Equal("alice", access.Subject);
        Assert.Equal(pair.FamilyId, access.GetClaim("sid").Value);
        Assert.Equal("admin", access.GetClaim("role").Value);
        Assert.False(string.IsNullOrEmpty(access.Id));
        Assert.Equal(200, (await api.SendAsync("/me", pair.AccessToken)).Response.StatusCode);
        Assert.DoesNotContain(pair.RefreshToken, pair.ToString());
        Assert.DoesNotContain(pair.AccessToken, pair.ToString());
    }

    [Fact]
    public async Task Rotation_returns_new_tokens_in_the_same_family_and_retires_the_old_refresh_token()
    {
        await using var api = await StartAsync();
        var refresh = api.Services.GetRequiredService<RefreshTokenService>();
        using var rotations = new MetricCollector<long>(api.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.RotationsCounter);
        var first = await refresh.IssueAsync("alice", "web");
        var second = await refresh.RotateAsync(first.RefreshToken, "web");
        var third = await refresh.RotateAsync(second.RefreshToken, "web");

        Assert.Equal(first.FamilyId, third.FamilyId);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(new JsonWebToken(first.AccessToken).Id, new JsonWebToken(second.AccessToken).Id);
        Assert.Equal(200, (await api.SendAsync("/me", third.AccessToken)).Response.StatusCode);
        Assert.Equal(2, rotations.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public async Task Replaying_a_retired_refresh_token_revokes_the_family_and_its_access_tokens_and_raises_a_security_event()
    {
        var sink = new CollectingSink();
        await using var api = await StartAsync(sink);
        var refresh = api.Services.GetRequiredService<RefreshTokenService>();
        using var reuse = new MetricCollector<long>(api.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), JwtRuntimeTelemetry.MeterName, JwtRuntimeTelemetry.ReuseCounter);
        var other = await refresh.IssueAsync("alice", "mobile");
        var stolen = await refresh.IssueAsync("alice", "web");
        var legitimate = await refresh.RotateAsync(stolen.RefreshToken, "web");

        var e = await Assert.ThrowsAsync<RefreshTokenException>(() => refresh.RotateAsync(stolen.RefreshToken, "web"));
        Assert.Equal(RefreshTokenReasons.ReuseDetected, e.Reason);
        Assert.DoesNotContain(stolen.RefreshToken, e.Message);

        // The whole family is gone: the legitimate branch's refresh token and every access token of the family.
        var branch = await Assert.ThrowsAsync<RefreshTokenException>(() => refresh.RotateAsync(legitimate.RefreshToken, "web"));
        Assert.Equal(RefreshTokenReasons.Revoked, branch.Reason);
        Assert.Equal(401, (await api.SendAsync("/me", legitimate.AccessToken)).Response.StatusCode);
        Assert.Equal(401, (await api.SendAsync("/me", stolen.AccessToken)).Response.StatusCode);
        // Another sign-in of the same user is untouched.
        Assert.Equal(200, (await api.SendAsync("/me", other.AccessToken)).Response.StatusCode);

        var securityEvent = Assert.Single(sink.Events, x => x.Kind == JwtSecurityEventKind.RefreshTokenReuse);
        Assert.Equal("revoked", securityEvent.Action);
        Assert.Equal(1, reuse.GetMeasurementSnapshot().EvaluateAsCounter());
        var log = Assert.Single(api.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id == JwtRuntimeEventIds.RefreshTokenReuse);
        Assert.DoesNotContain(stolen.RefreshToken, log.Message);
        Assert.DoesNotContain("alice", log.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-refresh-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl")]
    public async Task Unknown_or_malformed_refresh_tokens_are_refused_without_echoing_them(string value)
    {
        await using var api = await StartAsync();
        var e = await Assert.ThrowsAsync<RefreshTokenException>(() => api.Services.GetRequiredService<RefreshTokenService>().RotateAsync(value, "web"));
        Assert.Equal(RefreshTokenReasons.Invalid, e.Reason);
        if (value.Length > 0)
        {
            Assert.DoesNotContain(value, e.Message);
        }
    }

    [Fact]
    public async Task A_refresh_token_presented_by_another_client_is_refused()
    {
        await using var api = await StartAsync();
        var refresh = api.Services.GetRequiredService<RefreshTokenService>();
        var pair = await refresh.IssueAsync("alice", "web");
        var e = await Assert.ThrowsAsync<RefreshTokenException>(() => refresh.RotateAsync(pair.RefreshToken, "other-app"));
        Assert.Equal(RefreshTokenReasons.ClientMismatch, e.Reason);
    }

    [Fact]
    public async Task Sign_out_revokes_the_session_and_sign_out_everywhere_revokes_every_session()
    {
        await using var api = await StartAsync();
        var refresh = api.Services.GetRequiredService<RefreshTokenService>();
        var laptop = await refresh.IssueAsync("carol", "web");
        var phone = await refresh.IssueAsync("carol", "mobile");

        await refresh.RevokeAsync(laptop.RefreshToken);
        Assert.Equal(401, (await api.SendAsync("/me", laptop.AccessToken)).Response.StatusCode);
        Assert.Equal(RefreshTokenReasons.Revoked, (await Assert.ThrowsAsync<RefreshTokenException>(() => refresh.RotateAsync(laptop.RefreshToken, "web"))).Reason);
        Assert.Equal(200, (await api.SendAsync("/me", phone.AccessToken)).Response.StatusCode);

        await refresh.RevokeSubjectAsync("carol");
        Assert.Equal(401, (await api.SendAsync("/me", phone.AccessToken)).Response.StatusCode);
        Assert.Equal(RefreshTokenReasons.Revoked, (await Assert.ThrowsAsync<RefreshTokenException>(() => refresh.RotateAsync(phone.RefreshToken, "mobile"))).Reason);
    }

    [Fact]
    public async Task Reserved_claims_cannot_be_smuggled_into_access_tokens()
    {
        await using var api = await StartAsync();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => api.Services.GetRequiredService<RefreshTokenService>().IssueAsync("alice", "web", new[] { new Claim("sid", "someone-elses-family") }));
        Assert.Contains("'sid'", e.Message);
    }

    [Fact]
    public void Refresh_options_are_validated_against_revocation_retention()
    {
        using var provider = new ServiceCollection().AddJwtRefreshTokens(o => o.AbsoluteLifetime = TimeSpan.FromDays(60)).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JwtRefreshTokenOptions>>().Value);
        Assert.Contains("Retention", e.Message);
    }
}
