using System;
using System.Diagnostics;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

public static partial class SafeTokenValidation
{
    /// <summary>
    /// Validates <paramref name="token"/> like <see cref="ValidateAsync(string, TokenValidationParameters, CancellationToken)"/>,
    /// then asks <paramref name="revocation"/> whether it was revoked. With the <see cref="TokenRevocationService"/> of
    /// <c>AddJwtRevocation()</c> the validation is also measured (metrics, a span, log event 7101 on rejection) and
    /// rejections count towards suspicious-use detection for <paramref name="client"/>.
    /// </summary>
    /// <param name="token">The compact JWT, without a <c>Bearer </c> prefix.</param>
    /// <param name="parameters">Strict parameters.</param>
    /// <param name="revocation">The revocation check, usually the <see cref="TokenRevocationService"/> from DI.</param>
    /// <param name="client">Where the token came from, for detection; optional.</param>
    /// <param name="cancellationToken">Cancels validation and the revocation lookup.</param>
    /// <returns>The principal built from the validated token.</returns>
    /// <exception cref="JwtValidationException">The token is rejected; <see cref="JwtValidationException.Reason"/> includes
    /// <see cref="JwtValidationReasons.Revoked"/>, <see cref="JwtValidationReasons.RevocationUnavailable"/> and <see cref="JwtValidationReasons.NoTokenId"/>.</exception>
    /// <exception cref="InsecureJwtConfigurationException"><paramref name="parameters"/> are not strict.</exception>
    public static async Task<ClaimsPrincipal> ValidateAndCheckRevocationAsync(string token, TokenValidationParameters parameters, ITokenRevocationChecker revocation, JwtClientInfo? client = null, CancellationToken cancellationToken = default)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        if (revocation is null)
        {
            throw new ArgumentNullException(nameof(revocation));
        }

        var service = revocation as TokenRevocationService;
        var start = Stopwatch.GetTimestamp();
        try
        {
            CheckInput(token, DefaultHandler.MaximumTokenSizeInBytes);
            StrictTokenValidation.EnsureStrict(parameters);
            cancellationToken.ThrowIfCancellationRequested();
            TokenValidationResult result;
            try
            {
                result = await DefaultHandler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SecurityTokenException or ArgumentException)
            {
                throw Rejected(e, parameters);
            }

            if (!result.IsValid || result.ClaimsIdentity is null || result.SecurityToken is null)
            {
                throw Rejected(result.Exception, parameters);
            }

            await revocation.EnsureNotRevokedAsync(result.SecurityToken, client, cancellationToken).ConfigureAwait(false);
            if (service is not null)
            {
                service.Telemetry.Validated(JwtRuntimeTelemetry.SafeValidationPath, Stopwatch.GetElapsedTime(start));
                JwtRuntimeTelemetry.Span(JwtRuntimeTelemetry.SafeValidationPath, start, "valid", null);
            }

            return new ClaimsPrincipal(result.ClaimsIdentity);
        }
        catch (JwtValidationException e) when (service is not null)
        {
            await RecordRejectionAsync(service, JwtRuntimeTelemetry.SafeValidationPath, e.Reason, token, client, start, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The <see cref="JwtValidationReasons"/> code for an IdentityModel validation exception.</summary>
    internal static string ReasonFor(Exception? exception, TokenValidationParameters parameters)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception is JwtValidationException own ? own.Reason : Rejected(exception, parameters).Reason;
    }

    /// <summary>Counts, traces, logs (redacted) and feeds detection with one rejection.</summary>
    internal static async Task RecordRejectionAsync(TokenRevocationService service, string path, string reason, string? token, JwtClientInfo? client, long start, CancellationToken cancellationToken)
    {
        service.Telemetry.Rejected(path, reason, Stopwatch.GetElapsedTime(start));
        JwtRuntimeTelemetry.Span(path, start, "rejected", reason);
        RuntimeLog.TokenRejected(service.Logger, path, reason, TokenRedaction.Redact(token));
        await service.Detector.RecordRejectionAsync(client, UnverifiedSubject(token), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>sub</c> of a token that may not be valid: used only to count rejections per subject, never to authorise.</summary>
    private static string? UnverifiedSubject(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > DefaultHandler.MaximumTokenSizeInBytes || !DefaultHandler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            var subject = new JsonWebToken(token).Subject;
            return string.IsNullOrEmpty(subject) || subject.Length > 256 ? null : subject;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
