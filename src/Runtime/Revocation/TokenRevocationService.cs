using System;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Revokes tokens and checks them: one token by <c>jti</c> until its expiry, every token of a subject issued before
/// an instant ("sign out everywhere", "password changed"), or a refresh-token family and the access tokens issued from
/// it. Registered by <c>services.AddJwtRevocation()</c>, which also makes every JwtBearer scheme call
/// <see cref="EnsureNotRevokedAsync"/>.
/// </summary>
/// <example>
/// <code>
/// app.MapPost("/sign-out-everywhere", async (ClaimsPrincipal user, TokenRevocationService revocation) =>
///     await revocation.RevokeSubjectAsync(user.FindFirst("sub")!.Value)).RequireAuthorization();
/// </code>
/// </example>
public sealed class TokenRevocationService : ITokenRevocationChecker
{
    private readonly ITokenRevocationStore store;
    private readonly JwtRevocationOptions options;
    private readonly JwtRuntimeTelemetry telemetry;
    private readonly SuspiciousUseDetector detector;
    private readonly SecurityEventDispatcher events;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    internal TokenRevocationService(ITokenRevocationStore store, JwtRevocationOptions options, JwtRuntimeTelemetry telemetry, SuspiciousUseDetector detector, SecurityEventDispatcher events, TimeProvider time, ILoggerFactory loggerFactory)
    {
        this.store = store;
        this.options = options;
        this.telemetry = telemetry;
        this.detector = detector;
        this.events = events;
        this.time = time;
        logger = loggerFactory.CreateLogger(JwtRuntimeTelemetry.MeterName);
    }

    internal JwtRuntimeTelemetry Telemetry => telemetry;

    internal SuspiciousUseDetector Detector => detector;

    internal ILogger Logger => logger;

    /// <summary>Revokes the token <paramref name="tokenId"/> until <paramref name="expiresAt"/> (its <c>exp</c>) plus the clock skew.</summary>
    /// <param name="tokenId">The token's <c>jti</c>.</param>
    /// <param name="expiresAt">The token's expiry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    /// <exception cref="TokenRevocationStoreUnavailableException">The store cannot be reached; the token is not revoked.</exception>
    public Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        RevokeTokenCoreAsync(tokenId, expiresAt, "manual", cancellationToken);

    /// <summary>Revokes a validated token (its <c>jti</c> until its <c>exp</c>).</summary>
    /// <param name="token">The token, for example <c>TokenValidatedContext.SecurityToken</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    /// <exception cref="ArgumentException">The token has no <c>jti</c> or no <c>exp</c>.</exception>
    public Task RevokeAsync(SecurityToken token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        return RevokeIdentityAsync(TokenIdentity.From(token), nameof(token), cancellationToken);
    }

    /// <summary>Revokes the token <paramref name="user"/> was authenticated with (its <c>jti</c> and <c>exp</c> claims), for a sign-out endpoint.</summary>
    /// <param name="user">The authenticated user (<c>HttpContext.User</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    /// <exception cref="ArgumentException">The principal has no <c>jti</c> or <c>exp</c> claim.</exception>
    public Task RevokeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user is null)
        {
            throw new ArgumentNullException(nameof(user));
        }

        return RevokeIdentityAsync(TokenIdentity.From(user), nameof(user), cancellationToken);
    }

    /// <summary>
    /// Revokes every token of <paramref name="subject"/> issued at or before <paramref name="issuedBefore"/> (now when
    /// omitted), compared with <c>iat</c> to the second: also refresh-token families created before it.
    /// </summary>
    /// <param name="subject">The <c>sub</c> claim.</param>
    /// <param name="issuedBefore">The cutoff; now by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the cutoff is stored.</returns>
    public Task RevokeSubjectAsync(string subject, DateTimeOffset? issuedBefore = null, CancellationToken cancellationToken = default) =>
        RevokeSubjectCoreAsync(subject, issuedBefore ?? time.GetUtcNow(), "manual", cancellationToken);

    /// <summary>Revokes the refresh-token family <paramref name="familyId"/> and every access token issued from it (their <c>sid</c>).</summary>
    /// <param name="familyId">The family id (<see cref="TokenPair.FamilyId"/>, the <c>sid</c> claim).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    public Task RevokeFamilyAsync(string familyId, CancellationToken cancellationToken = default) =>
        RevokeFamilyCoreAsync(familyId, "manual", cancellationToken);

    /// <inheritdoc />
    public async Task EnsureNotRevokedAsync(SecurityToken token, JwtClientInfo? client = null, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        var identity = TokenIdentity.From(token);
        if (identity.TokenId is null && options.RequireTokenId)
        {
            throw new JwtValidationException(JwtValidationReasons.NoTokenId, "The token has no 'jti' claim; with revocation on, every token must carry a unique id so it can be revoked. Issue tokens with SafeTokenIssuer (it adds one) or set JwtRevocationOptions.RequireTokenId = false.");
        }

        TokenRevocationState state;
        try
        {
            state = await store.GetStateAsync(identity.TokenId, identity.Subject, identity.FamilyId, cancellationToken).ConfigureAwait(false);
        }
        catch (TokenRevocationStoreUnavailableException)
        {
            if (options.FailureMode == RevocationFailureMode.FailOpen)
            {
                RuntimeLog.AcceptedWithoutCheck(logger, RuntimeHashing.Digest(identity.TokenId));
                return;
            }

            throw new JwtValidationException(JwtValidationReasons.RevocationUnavailable, "The revocation store could not be reached, so the token could not be checked and was rejected (fail closed). Retry later.");
        }

        if (state.TokenRevoked)
        {
            throw new JwtValidationException(JwtValidationReasons.Revoked, "The token was revoked.");
        }

        if (state.FamilyRevoked)
        {
            throw new JwtValidationException(JwtValidationReasons.Revoked, "The sign-in session (refresh-token family) this token was issued from was revoked.");
        }

        if (IsBeforeCutoff(identity.IssuedAt, state.SubjectCutoff))
        {
            throw new JwtValidationException(JwtValidationReasons.Revoked, "Every token of this subject issued before a cutoff was revoked (for example after sign-out everywhere or a password change). Sign in again.");
        }

        if (client is not null && identity.TokenId is not null && detector.Options.Enabled)
        {
            int fingerprints;
            try
            {
                fingerprints = await detector.ObserveUseAsync("jti", identity.TokenId, client, cancellationToken).ConfigureAwait(false);
            }
            catch (TokenRevocationStoreUnavailableException) when (options.FailureMode == RevocationFailureMode.FailOpen)
            {
                return;
            }
            catch (TokenRevocationStoreUnavailableException)
            {
                throw new JwtValidationException(JwtValidationReasons.RevocationUnavailable, "The revocation store could not be reached, so the token could not be checked and was rejected (fail closed). Retry later.");
            }

            if (fingerprints > 0)
            {
                var revoke = detector.Options.RevokeOnConcurrentUse;
                RuntimeLog.ConcurrentUse(logger, "token", RuntimeHashing.Digest(identity.TokenId), fingerprints, detector.Options.ConcurrentUseWindow, revoke);
                await events.RaiseAsync(JwtSecurityEventKind.ConcurrentTokenUse, identity.Subject, identity.TokenId, client, fingerprints, revoke ? "revoked" : "none", cancellationToken).ConfigureAwait(false);
                if (revoke)
                {
                    await RevokeTokenCoreAsync(identity.TokenId, identity.ExpiresAt ?? time.GetUtcNow().Add(SafeTokenIssuer.DefaultMaxLifetime), "concurrent_use", cancellationToken).ConfigureAwait(false);
                    if (identity.FamilyId is not null)
                    {
                        await RevokeFamilyCoreAsync(identity.FamilyId, "concurrent_use", cancellationToken).ConfigureAwait(false);
                    }

                    throw new JwtValidationException(JwtValidationReasons.Revoked, "The token was used from several places at once and was revoked.");
                }
            }
        }
    }

    /// <summary>Whether something issued at <paramref name="issuedAt"/> falls under the subject cutoff (same second counts: <c>iat</c> has one-second resolution).</summary>
    internal static bool IsBeforeCutoff(DateTimeOffset? issuedAt, DateTimeOffset? cutoff) =>
        cutoff is { } c && (issuedAt is not { } iat || iat.ToUnixTimeSeconds() <= c.ToUnixTimeSeconds());

    internal async Task RevokeTokenCoreAsync(string tokenId, DateTimeOffset expiresAt, string cause, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(tokenId))
        {
            throw new ArgumentException("Pass the token's 'jti'.", nameof(tokenId));
        }

        await store.RevokeTokenAsync(tokenId, expiresAt, cancellationToken).ConfigureAwait(false);
        telemetry.Revoked("token", cause);
        RuntimeLog.TokenRevoked(logger, RuntimeHashing.Digest(tokenId), expiresAt + options.ClockSkew, cause);
    }

    internal async Task RevokeSubjectCoreAsync(string subject, DateTimeOffset issuedBefore, string cause, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(subject))
        {
            throw new ArgumentException("Pass the subject ('sub' claim) whose tokens to revoke.", nameof(subject));
        }

        await store.RevokeSubjectAsync(subject, issuedBefore, cancellationToken).ConfigureAwait(false);
        telemetry.Revoked("subject", cause);
        RuntimeLog.SubjectRevoked(logger, RuntimeHashing.Digest(subject), issuedBefore, cause);
    }

    internal async Task RevokeFamilyCoreAsync(string familyId, string cause, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(familyId))
        {
            throw new ArgumentException("Pass the refresh-token family id.", nameof(familyId));
        }

        await store.RevokeFamilyAsync(familyId, cancellationToken).ConfigureAwait(false);
        telemetry.Revoked("family", cause);
        RuntimeLog.FamilyRevoked(logger, RuntimeHashing.Digest(familyId), cause);
    }

    internal Task<TokenRevocationState> GetStateAsync(string? tokenId, string? subject, string? familyId, CancellationToken cancellationToken) =>
        store.GetStateAsync(tokenId, subject, familyId, cancellationToken);

    private Task RevokeIdentityAsync(TokenIdentity identity, string parameter, CancellationToken cancellationToken)
    {
        if (identity.TokenId is null || identity.ExpiresAt is null)
        {
            throw new ArgumentException("The token has no 'jti' or no 'exp' claim, so it cannot be revoked by id; revoke its subject with RevokeSubjectAsync instead.", parameter);
        }

        return RevokeTokenCoreAsync(identity.TokenId, identity.ExpiresAt.Value, "manual", cancellationToken);
    }
}
