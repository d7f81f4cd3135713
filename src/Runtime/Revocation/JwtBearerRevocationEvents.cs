using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Hooks revocation, telemetry and detection into every JwtBearer scheme (<c>AddStrictJwtBearer</c> or plain
/// <c>AddJwtBearer</c>) by wrapping its events: the app's own handlers run first and keep working.
/// </summary>
internal sealed class JwtBearerRevocationEvents : IPostConfigureOptions<JwtBearerOptions>
{
    private static readonly object StartKey = new();
    private static readonly object TokenKey = new();
    private static readonly ConditionalWeakTable<JwtBearerEvents, object> Wrapped = new();

    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (options.EventsType is not null)
        {
            throw new InvalidOperationException($"The JwtBearer scheme '{name}' sets EventsType ({options.EventsType.Name}), which replaces the events AddJwtRevocation() hooks into, so revoked tokens would be accepted. Derive from JwtBearerEvents and call JwtBearerRevocationEvents-compatible code, or assign options.Events instead of options.EventsType.");
        }

        options.Events ??= new JwtBearerEvents();
        var events = options.Events;
        lock (Wrapped)
        {
            // Two schemes may share one events object: wrap it once.
            if (Wrapped.TryGetValue(events, out _))
            {
                return;
            }

            Wrapped.Add(events, new object());
        }

        var messageReceived = events.OnMessageReceived;
        var tokenValidated = events.OnTokenValidated;
        var authenticationFailed = events.OnAuthenticationFailed;
        var challenge = events.OnChallenge;

        events.OnMessageReceived = async context =>
        {
            context.HttpContext.Items[StartKey] = Stopwatch.GetTimestamp();
            await messageReceived(context).ConfigureAwait(false);
            if (context.Token is { Length: > 0 } token)
            {
                context.HttpContext.Items[TokenKey] = token;
            }
        };

        events.OnTokenValidated = async context =>
        {
            await tokenValidated(context).ConfigureAwait(false);
            if (context.Result is not null || context.SecurityToken is null)
            {
                return;
            }

            var service = context.HttpContext.RequestServices.GetRequiredService<TokenRevocationService>();
            var client = JwtClientInfo.FromHttpContext(context.HttpContext);
            var start = Start(context.HttpContext);
            try
            {
                await service.EnsureNotRevokedAsync(context.SecurityToken, client, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }
            catch (JwtValidationException e)
            {
                context.Fail(e);
                await SafeTokenValidation.RecordRejectionAsync(service, JwtRuntimeTelemetry.JwtBearerPath, e.Reason, Token(context.HttpContext), client, start, context.HttpContext.RequestAborted).ConfigureAwait(false);
                return;
            }

            service.Telemetry.Validated(JwtRuntimeTelemetry.JwtBearerPath, Stopwatch.GetElapsedTime(start));
            JwtRuntimeTelemetry.Span(JwtRuntimeTelemetry.JwtBearerPath, start, "valid", null);
        };

        events.OnAuthenticationFailed = async context =>
        {
            await authenticationFailed(context).ConfigureAwait(false);
            var service = context.HttpContext.RequestServices.GetRequiredService<TokenRevocationService>();
            var reason = SafeTokenValidation.ReasonFor(context.Exception, context.Options.TokenValidationParameters);
            await SafeTokenValidation.RecordRejectionAsync(service, JwtRuntimeTelemetry.JwtBearerPath, reason, Token(context.HttpContext), JwtClientInfo.FromHttpContext(context.HttpContext), Start(context.HttpContext), context.HttpContext.RequestAborted).ConfigureAwait(false);
        };

        events.OnChallenge = async context =>
        {
            await challenge(context).ConfigureAwait(false);
            if (!context.Handled && string.IsNullOrEmpty(context.Error) && context.AuthenticateFailure is JwtValidationException rejected)
            {
                // The reason code (for example "revoked") tells the client to sign in again; it reveals nothing about the token.
                context.Error = "invalid_token";
                context.ErrorDescription = rejected.Reason;
            }
        };
    }

    private static long Start(HttpContext context) => context.Items[StartKey] is long start ? start : Stopwatch.GetTimestamp();

    private static string? Token(HttpContext context)
    {
        if (context.Items[TokenKey] is string token)
        {
            return token;
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization.Substring("Bearer ".Length).Trim() : null;
    }
}
