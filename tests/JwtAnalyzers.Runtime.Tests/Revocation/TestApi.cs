using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>
/// A real ASP.NET Core app on TestServer: <c>AddStrictJwtBearer</c> from configuration plus whatever the test adds
/// (revocation, refresh tokens, detection), with <c>GET /me</c> requiring a valid token. Requests are sent with
/// <see cref="SendAsync"/>, which sets the client address and user agent like a real connection would.
/// </summary>
internal sealed class TestApi : IAsyncDisposable
{
    /// <summary>One signing key for every instance, as in a real deployment behind a load balancer.</summary>
    public static readonly string Secret = SigningKeys.GenerateBase64Secret();

    private readonly WebApplication app;

    private TestApi(WebApplication app) => this.app = app;

    public IServiceProvider Services => app.Services;

    public TestServer Server => app.GetTestServer();

    public static SymmetricSecurityKey Key => new(Convert.FromBase64String(Secret));

    public static async Task<TestApi> StartAsync(Action<IServiceCollection> services, Action<WebApplication>? beforeAuthentication = null, Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jwt:Issuer"] = TestTokens.Issuer,
            ["Jwt:Audience"] = TestTokens.Audience,
            ["Jwt:SigningKey"] = Secret,
        });
        builder.Services.AddAuthentication().AddStrictJwtBearer(builder.Configuration);
        builder.Services.AddAuthorization();
        services(builder.Services);
        var app = builder.Build();
        beforeAuthentication?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? user.FindFirst("sub")?.Value).RequireAuthorization();
        endpoints?.Invoke(app);
        await app.StartAsync();
        return new TestApi(app);
    }

    /// <summary>A signed HS256 token with the given <c>jti</c> (null: none), subject and issue time.</summary>
    public static string Token(string? jti = "auto", string subject = "alice", DateTime? issuedAt = null, TimeSpan? lifetime = null, string? sid = null)
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return TestTokens.Create(Key, SecurityAlgorithms.HmacSha256, d =>
        {
            d.Subject = new ClaimsIdentity(new[] { new Claim("sub", subject) });
            d.IssuedAt = now;
            d.NotBefore = now;
            d.Expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
            var claims = new Dictionary<string, object>();
            if (jti is not null)
            {
                claims["jti"] = jti == "auto" ? Guid.NewGuid().ToString("N") : jti;
            }

            if (sid is not null)
            {
                claims["sid"] = sid;
            }

            d.Claims = claims;
        });
    }

    /// <summary>Sends a request from <paramref name="address"/> with <paramref name="userAgent"/>.</summary>
    public async Task<HttpContext> SendAsync(string path, string? token, string address = "203.0.113.10", string userAgent = "test-client/1.0", string method = "GET", string? cookie = null, Action<HttpContext>? configure = null)
    {
        return await Server.SendAsync(context =>
        {
            context.Request.Method = method;
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            context.Request.Headers.UserAgent = userAgent;
            if (token is not null)
            {
                context.Request.Headers.Authorization = "Bearer " + token;
            }

            if (cookie is not null)
            {
                context.Request.Headers.Cookie = cookie;
            }

            configure?.Invoke(context);
        });
    }

    public static async Task<string> BodyAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>Collects security events the way an app's SIEM forwarder would receive them.</summary>
internal sealed class CollectingSink : IJwtSecurityEventSink
{
    public ConcurrentQueue<JwtSecurityEvent> Events { get; } = new();

    public ValueTask OnSecurityEventAsync(JwtSecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(securityEvent);
        return ValueTask.CompletedTask;
    }
}
