using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Rotating refresh tokens. <see cref="IssueAsync"/> at sign-in starts a family; <see cref="RotateAsync"/> at the refresh
/// endpoint retires the presented token and returns a new access token and a new refresh token; presenting a retired
/// token again revokes the whole family and every access token issued from it (their <c>sid</c>), raises a
/// <see cref="JwtSecurityEventKind.RefreshTokenReuse"/> event and throws. Tokens are 256 random bits; the store keeps
/// only their SHA-256 with family, subject, client and expiry (<c>{prefix}rt:{sha256}</c>).
/// </summary>
/// <remarks>
/// Two requests rotating the same refresh token at the same instant on two instances can both succeed (the
/// <c>IDistributedCache</c> contract has no compare-and-set); the next use of either branch's retired token is
/// still detected as reuse. A client that refreshes from one tab at a time never meets this.
/// </remarks>
public sealed class RefreshTokenService
{
    private const int TokenBytes = 32;
    private readonly JwtRuntimeCache cache;
    private readonly TokenRevocationService revocation;
    private readonly JwtRefreshTokenOptions options;
    private readonly IConfiguration? configuration;
    private readonly SecurityEventDispatcher events;
    private readonly JwtRuntimeTelemetry telemetry;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    internal RefreshTokenService(JwtRuntimeCache cache, TokenRevocationService revocation, JwtRefreshTokenOptions options, IConfiguration? configuration, SecurityEventDispatcher events, JwtRuntimeTelemetry telemetry, TimeProvider time, ILoggerFactory loggerFactory)
    {
        this.cache = cache;
        this.revocation = revocation;
        this.options = options;
        this.configuration = configuration;
        this.events = events;
        this.telemetry = telemetry;
        this.time = time;
        logger = loggerFactory.CreateLogger(JwtRuntimeTelemetry.MeterName);
    }

    /// <summary>Starts a family at sign-in: returns an access token and a refresh token for <paramref name="subject"/>.</summary>
    /// <param name="subject">The user id (<c>sub</c>).</param>
    /// <param name="clientId">The client application; rotation must present the same one.</param>
    /// <param name="claims">Further claims for every access token of this family (roles...); not <c>exp</c>/<c>nbf</c>/<c>iat</c>/<c>jti</c>/<c>sub</c>/<c>sid</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="RefreshTokenException">The store cannot be reached (<see cref="RefreshTokenReasons.Unavailable"/>).</exception>
    public async Task<TokenPair> IssueAsync(string subject, string clientId, IEnumerable<Claim>? claims = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new ArgumentException("Pass the user's id as subject.", nameof(subject));
        }

        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new ArgumentException("Pass the client id (for example \"web\").", nameof(clientId));
        }

        var extra = (claims ?? Enumerable.Empty<Claim>()).Select(c => new[] { c.Type, c.Value }).ToList();
        var reserved = extra.FirstOrDefault(c => Reserved.Contains(c[0]));
        if (reserved is not null)
        {
            throw new ArgumentException($"The claim '{reserved[0]}' is set by the refresh-token service; remove it from the claims.", nameof(claims));
        }

        var now = time.GetUtcNow();
        var record = new RefreshRecord
        {
            Family = NewId(),
            Subject = subject,
            Client = clientId,
            FamilyCreated = now.ToUnixTimeMilliseconds(),
            AbsoluteExpiry = (now + options.AbsoluteLifetime).ToUnixTimeMilliseconds(),
            Claims = extra,
        };
        var pair = await StoreNewAsync(record, now, cancellationToken).ConfigureAwait(false);
        telemetry.RefreshIssued("issue");
        return pair;
    }

    /// <summary>
    /// Exchanges <paramref name="refreshToken"/> for a new access token and a new refresh token and retires it. A
    /// retired token presented again revokes its family (reuse detection).
    /// </summary>
    /// <param name="refreshToken">The refresh token from the cookie.</param>
    /// <param name="clientId">The client presenting it.</param>
    /// <param name="client">Where it came from, for concurrent-use detection; optional.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new tokens.</returns>
    /// <exception cref="RefreshTokenException">Refused; <see cref="RefreshTokenException.Reason"/> says why.</exception>
    public async Task<TokenPair> RotateAsync(string refreshToken, string clientId, JwtClientInfo? client = null, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(refreshToken);
        var record = await ReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw Refused(RefreshTokenReasons.Invalid, "The refresh token is unknown or expired. Sign in again.");
        var now = time.GetUtcNow();

        if (record.Retired)
        {
            await Guard(() => revocation.RevokeFamilyCoreAsync(record.Family, "refresh_reuse", cancellationToken)).ConfigureAwait(false);
            telemetry.ReuseDetected();
            RuntimeLog.RefreshTokenReuse(logger, RuntimeHashing.Digest(record.Family), RuntimeHashing.Digest(record.Subject), client is null ? "unknown" : RuntimeHashing.Digest(client.AddressKey));
            await events.RaiseAsync(JwtSecurityEventKind.RefreshTokenReuse, record.Subject, record.Family, client, 1, "revoked", cancellationToken).ConfigureAwait(false);
            throw Refused(RefreshTokenReasons.ReuseDetected, "The refresh token was already used. A used refresh token presented again means it was copied: the whole sign-in session was revoked. Sign in again.");
        }

        if (!string.Equals(record.Client, clientId, StringComparison.Ordinal))
        {
            throw Refused(RefreshTokenReasons.ClientMismatch, "The refresh token was issued to another client.");
        }

        if (record.AbsoluteExpiry <= now.ToUnixTimeMilliseconds())
        {
            throw Refused(RefreshTokenReasons.Invalid, "The sign-in session reached its absolute lifetime. Sign in again.");
        }

        var state = await Guard(() => revocation.GetStateAsync(null, record.Subject, record.Family, cancellationToken)).ConfigureAwait(false);
        if (state.FamilyRevoked || (state.SubjectCutoff is { } cutoff && record.FamilyCreated <= cutoff.ToUnixTimeMilliseconds()))
        {
            throw Refused(RefreshTokenReasons.Revoked, "The sign-in session was revoked. Sign in again.");
        }

        if (client is not null && revocation.Detector.Options.Enabled)
        {
            var fingerprints = await Guard(() => revocation.Detector.ObserveUseAsync("family", record.Family, client, cancellationToken)).ConfigureAwait(false);
            if (fingerprints > 0)
            {
                var revoke = revocation.Detector.Options.RevokeOnConcurrentUse;
                RuntimeLog.ConcurrentUse(logger, "refresh family", RuntimeHashing.Digest(record.Family), fingerprints, revocation.Detector.Options.ConcurrentUseWindow, revoke);
                await events.RaiseAsync(JwtSecurityEventKind.ConcurrentRefreshUse, record.Subject, record.Family, client, fingerprints, revoke ? "revoked" : "none", cancellationToken).ConfigureAwait(false);
                if (revoke)
                {
                    await Guard(() => revocation.RevokeFamilyCoreAsync(record.Family, "concurrent_use", cancellationToken)).ConfigureAwait(false);
                    throw Refused(RefreshTokenReasons.Revoked, "The sign-in session was used from several places at once and was revoked. Sign in again.");
                }
            }
        }

        record.Retired = true;
        await Guard(() => cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(record), DateTimeOffset.FromUnixTimeMilliseconds(record.AbsoluteExpiry), "refresh", cancellationToken)).ConfigureAwait(false);
        record.Retired = false;
        var pair = await StoreNewAsync(record, now, cancellationToken).ConfigureAwait(false);
        telemetry.Rotated();
        telemetry.RefreshIssued("rotate");
        RuntimeLog.RefreshTokenRotated(logger, RuntimeHashing.Digest(record.Family));
        return pair;
    }

    /// <summary>Signs out the session of <paramref name="refreshToken"/>: revokes its family and the access tokens issued from it. Unknown tokens are ignored.</summary>
    /// <param name="refreshToken">The refresh token from the cookie.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the family is revoked.</returns>
    public async Task RevokeAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        string key;
        try
        {
            key = KeyOf(refreshToken);
        }
        catch (RefreshTokenException)
        {
            return;
        }

        if (await ReadAsync(key, cancellationToken).ConfigureAwait(false) is { } record)
        {
            await RevokeFamilyAsync(record.Family, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Revokes the family <paramref name="familyId"/> (the <c>sid</c> claim) and the access tokens issued from it.</summary>
    /// <param name="familyId">The family id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the family is revoked.</returns>
    public Task RevokeFamilyAsync(string familyId, CancellationToken cancellationToken = default) =>
        Guard(() => revocation.RevokeFamilyCoreAsync(familyId, "manual", cancellationToken));

    /// <summary>Revokes every refresh family and access token of <paramref name="subject"/> issued until now ("sign out everywhere").</summary>
    /// <param name="subject">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the cutoff is stored.</returns>
    public Task RevokeSubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        Guard(() => revocation.RevokeSubjectCoreAsync(subject, time.GetUtcNow(), "manual", cancellationToken));

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "sub", "sid", "jti", "exp", "nbf", "iat", "client_id", "iss", "aud" };

    private async Task<TokenPair> StoreNewAsync(RefreshRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(TokenBytes));
        var absolute = DateTimeOffset.FromUnixTimeMilliseconds(record.AbsoluteExpiry);
        var refreshExpires = now + options.IdleTimeout < absolute ? now + options.IdleTimeout : absolute;
        await Guard(() => cache.SetAsync(KeyOf(refreshToken), JsonSerializer.SerializeToUtf8Bytes(record), refreshExpires, "refresh", cancellationToken)).ConfigureAwait(false);

        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, record.Subject),
            new(JwtRegisteredClaimNames.Jti, NewId()),
            new(TokenIdentity.FamilyClaim, record.Family),
            new("client_id", record.Client),
        };
        claims.AddRange(record.Claims.Select(c => new Claim(c[0], c[1])));
        var request = new AccessTokenRequest(claims, options.AccessTokenLifetime, null);
        string accessToken;
        if (options.AccessTokenFactory is { } factory)
        {
            accessToken = factory(request);
        }
        else
        {
            if (configuration is null)
            {
                throw new InvalidOperationException("RefreshTokenService issues access tokens from IConfiguration (section '" + options.ConfigurationSection + "'), but none is registered. Register IConfiguration or set JwtRefreshTokenOptions.AccessTokenFactory.");
            }

            accessToken = SafeTokenIssuer.CreateToken(configuration, claims, options.AccessTokenLifetime, options.ConfigurationSection);
        }

        return new TokenPair(accessToken, now + options.AccessTokenLifetime, refreshToken, refreshExpires, record.Family, record.Subject);
    }

    private async Task<RefreshRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var value = await Guard(() => cache.GetAsync(key, false, "refresh", cancellationToken)).ConfigureAwait(false);
        if (value is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RefreshRecord>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string KeyOf(string refreshToken)
    {
        // 32 bytes are 43 base64url characters; anything else was never issued here and is not looked up.
        if (refreshToken is null || refreshToken.Length != 43 || refreshToken.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw Refused(RefreshTokenReasons.Invalid, "The value is not a refresh token issued by this service (expected 43 base64url characters). Sign in again.");
        }

        return cache.Key("rt", refreshToken);
    }

    private RefreshTokenException Refused(string reason, string message)
    {
        RuntimeLog.RefreshTokenRefused(logger, reason);
        return new RefreshTokenException(reason, message);
    }

    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TokenRevocationStoreUnavailableException e)
        {
            throw new RefreshTokenException(RefreshTokenReasons.Unavailable, "The token store could not be reached; no token was issued or retired. Retry later.", e);
        }
    }

    private static Task Guard(Func<Task> call) => Guard(async () => { await call().ConfigureAwait(false); return true; });

    private static string NewId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));

    private sealed class RefreshRecord
    {
        [JsonPropertyName("f")]
        public string Family { get; set; } = string.Empty;

        [JsonPropertyName("s")]
        public string Subject { get; set; } = string.Empty;

        [JsonPropertyName("c")]
        public string Client { get; set; } = string.Empty;

        [JsonPropertyName("fc")]
        public long FamilyCreated { get; set; }

        [JsonPropertyName("ae")]
        public long AbsoluteExpiry { get; set; }

        [JsonPropertyName("r")]
        public bool Retired { get; set; }

        [JsonPropertyName("cl")]
        public List<string[]> Claims { get; set; } = new();
    }
}
