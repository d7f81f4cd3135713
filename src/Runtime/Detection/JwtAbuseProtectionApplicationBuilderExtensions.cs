using System;
using System.Globalization;
using JwtAnalyzers.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The middleware of <see cref="JwtSuspiciousUseOptions.BlockClients"/>.</summary>
public static class JwtAbuseProtectionApplicationBuilderExtensions
{
    /// <summary>
    /// Answers 429 Too Many Requests (with <c>Retry-After</c>) to a client address that crossed
    /// <see cref="JwtSuspiciousUseOptions.ClientFailureThreshold"/> rejected tokens, for the rest of the window. Place it
    /// before <c>UseAuthentication()</c> (and after <c>UseForwardedHeaders()</c> behind a proxy). Does nothing unless
    /// <c>AddJwtSuspiciousUseDetection(o =&gt; o.BlockClients = true)</c>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException"><c>AddJwtSuspiciousUseDetection()</c> was not called.</exception>
    public static IApplicationBuilder UseJwtAbuseProtection(this IApplicationBuilder app)
    {
        if (app is null)
        {
            throw new ArgumentNullException(nameof(app));
        }

        if (app.ApplicationServices.GetService<TokenRevocationService>() is null)
        {
            throw new InvalidOperationException("UseJwtAbuseProtection() needs builder.Services.AddJwtSuspiciousUseDetection(o => o.BlockClients = true).");
        }

        return app.Use(async (context, next) =>
        {
            var service = context.RequestServices.GetRequiredService<TokenRevocationService>();
            var client = JwtClientInfo.FromHttpContext(context);
            if (await service.Detector.BlockedForAsync(client, context.RequestAborted).ConfigureAwait(false) is { } remaining)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds));
                service.Telemetry.Blocked();
                RuntimeLog.ClientBlocked(service.Logger, RuntimeHashing.Digest(client.AddressKey), seconds);
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}
