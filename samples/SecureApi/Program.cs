using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using JwtAnalyzers.Runtime;

// Sign in -> access token (JSON) + refresh token (HttpOnly cookie) -> refresh rotation -> reuse detection -> sign-out.
var builder = WebApplication.CreateBuilder(args);

// Validation: strict parameters from the "Jwt" section (Issuer, Audience, SigningKey from user-secrets/env).
builder.Services.AddAuthentication().AddStrictJwtBearer(builder.Configuration);
builder.Services.AddAuthorization();

// Revocation on every JwtBearer request: Redis when ConnectionStrings:Redis is set (several instances), else in memory.
builder.Services.AddJwtRevocation(o =>
{
    if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
    {
        o.UseRedis(redis);
        o.LocalCacheDuration = TimeSpan.FromSeconds(2);   // staleness bound across instances
    }
});
builder.Services.AddJwtRefreshTokens(o => o.AccessTokenLifetime = TimeSpan.FromMinutes(10));
builder.Services.AddJwtSuspiciousUseDetection(o =>
{
    o.BlockClients = true;             // 429 for an address that sends a burst of bad tokens
    o.RevokeOnConcurrentUse = true;    // one token from two places at once: revoke it
});
builder.Services.AddSingleton<IJwtSecurityEventSink, LogForwardingSink>();

var app = builder.Build();
app.UseJwtAbuseProtection();
app.UseAuthentication();
app.UseAuthorization();

const string ClientId = "secure-api-sample";
const string RefreshCookie = "refresh_token";   // stored as __Host-refresh_token: HttpOnly, Secure, SameSite=Strict, Path=/
// The refresh cookie lives as long as the refresh token (JwtRefreshTokenOptions.AbsoluteLifetime, 14 days by default), longer
// than the 24-hour cap AppendToken applies to access-token cookies: raise the cap deliberately, for this cookie only.
TimeSpan RefreshCookieMaxLifetime = TimeSpan.FromDays(14);

app.MapPost("/auth/sign-in", async (SignInRequest request, IConfiguration configuration, RefreshTokenService refresh, HttpResponse response) =>
{
    if (!DemoUsers.Verify(configuration, request.UserName, request.Password))
    {
        return Results.Unauthorized();
    }

    var pair = await refresh.IssueAsync(request.UserName, ClientId, [new Claim("role", "customer")]);
    response.Cookies.AppendToken(RefreshCookie, pair.RefreshToken, pair.RefreshTokenExpiresAt - DateTimeOffset.UtcNow, maxLifetime: RefreshCookieMaxLifetime);
    return Results.Ok(new TokenResponse(pair.AccessToken, pair.AccessTokenExpiresAt));
});

// The browser sends the refresh cookie only to this site (SameSite=Strict), never to script.
app.MapPost("/auth/refresh", async (HttpContext http, RefreshTokenService refresh) =>
{
    if (http.Request.Cookies.ReadToken(RefreshCookie) is not { } token)
    {
        return Results.Unauthorized();
    }

    try
    {
        var pair = await refresh.RotateAsync(token, ClientId, JwtClientInfo.FromHttpContext(http), http.RequestAborted);
        http.Response.Cookies.AppendToken(RefreshCookie, pair.RefreshToken, pair.RefreshTokenExpiresAt - DateTimeOffset.UtcNow, maxLifetime: RefreshCookieMaxLifetime);
        return Results.Ok(new TokenResponse(pair.AccessToken, pair.AccessTokenExpiresAt));
    }
    catch (RefreshTokenException e)
    {
        // reuse_detected: the old cookie was replayed (stolen); the whole session is already revoked.
        http.Response.Cookies.DeleteToken(RefreshCookie);
        return Results.Problem(title: e.Reason, statusCode: e.Reason == RefreshTokenReasons.Unavailable ? 503 : 401);
    }
});

app.MapPost("/auth/sign-out", async (HttpContext http, RefreshTokenService refresh, TokenRevocationService revocation) =>
{
    if (http.Request.Cookies.ReadToken(RefreshCookie) is { } token)
    {
        await refresh.RevokeAsync(token, http.RequestAborted);      // the session: refresh family and its access tokens
    }

    await revocation.RevokeAsync(http.User, http.RequestAborted);   // this access token, by jti
    http.Response.Cookies.DeleteToken(RefreshCookie);
    return Results.NoContent();
}).RequireAuthorization();

app.MapPost("/auth/sign-out-everywhere", async (ClaimsPrincipal user, RefreshTokenService refresh, HttpResponse response) =>
{
    var subject = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub");
    if (subject is null)
    {
        return Results.Forbid();
    }

    await refresh.RevokeSubjectAsync(subject);   // every token and refresh family of the user issued until now
    response.Cookies.DeleteToken(RefreshCookie);
    return Results.NoContent();
}).RequireAuthorization();

app.MapGet("/orders", (ClaimsPrincipal user) => Results.Ok(new { owner = user.FindFirstValue(ClaimTypes.NameIdentifier), orders = Array.Empty<string>() }))
    .RequireAuthorization();

app.Run();

internal sealed record SignInRequest(string UserName, string Password);

internal sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>Stand-in for ASP.NET Core Identity: one user whose password comes from user-secrets, compared in constant time.</summary>
internal static class DemoUsers
{
    public static bool Verify(IConfiguration configuration, string userName, string password)
    {
        var expected = configuration["Demo:Password"];
        if (string.IsNullOrEmpty(expected) || userName != "alice")
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}

/// <summary>Where a real app forwards security events to its SIEM; here they go to a dedicated log category.</summary>
internal sealed class LogForwardingSink(ILogger<LogForwardingSink> logger) : IJwtSecurityEventSink
{
    public ValueTask OnSecurityEventAsync(JwtSecurityEvent securityEvent, CancellationToken cancellationToken)
    {
        logger.LogWarning("SIEM: {Kind} action={Action} subject={Subject} client={Client} count={Count}", securityEvent.Kind, securityEvent.Action, securityEvent.SubjectDigest, securityEvent.ClientDigest, securityEvent.Count);
        return ValueTask.CompletedTask;
    }
}
