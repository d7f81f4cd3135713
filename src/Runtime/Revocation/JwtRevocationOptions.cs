using System;
using StackExchange.Redis;

namespace JwtAnalyzers.Runtime;

/// <summary>What happens to a token when the revocation store cannot be reached.</summary>
public enum RevocationFailureMode
{
    /// <summary>Reject the token with reason <c>revocation_unavailable</c> (the default): a revoked token is never accepted.</summary>
    FailClosed,

    /// <summary>Accept the token unchecked (logged as event 7113): availability over revocation. Choose deliberately.</summary>
    FailOpen,
}

/// <summary>
/// Options of <c>services.AddJwtRevocation()</c>. The store is, in order: Redis when <see cref="UseRedis(string)"/> was
/// called; else the application's <c>IDistributedCache</c> registration (for example
/// <c>AddStackExchangeRedisCache</c>); else a private in-memory cache, which is right for a single instance only.
/// </summary>
public sealed class JwtRevocationOptions
{
    /// <summary>The largest accepted <see cref="LocalCacheDuration"/>: 30 seconds.</summary>
    public static readonly TimeSpan MaxLocalCacheDuration = TimeSpan.FromSeconds(30);

    /// <summary>Prefix of every key the runtime writes, so it can share a Redis database with other data. Default <c>jwtanalyzers:</c>.</summary>
    public string KeyPrefix { get; set; } = "jwtanalyzers:";

    /// <summary>
    /// How long an instance may reuse an answer of the shared store before asking again: the staleness bound. A token
    /// revoked through another instance is rejected here at most this long after the revocation was written (a
    /// revocation made through this instance applies here immediately). Default <see cref="TimeSpan.Zero"/>: no local
    /// cache, every validation asks the store. At most <see cref="MaxLocalCacheDuration"/>.
    /// </summary>
    public TimeSpan LocalCacheDuration { get; set; } = TimeSpan.Zero;

    /// <summary>Fail closed (default) or open when the store is unreachable.</summary>
    public RevocationFailureMode FailureMode { get; set; } = RevocationFailureMode.FailClosed;

    /// <summary>Added to a revoked token's <c>exp</c> for the entry's lifetime, so clock skew cannot revive it. Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = StrictJwtOptions.MaxClockSkew;

    /// <summary>
    /// How long "every token of this subject issued before" cutoffs and revoked refresh-token families are kept: at least
    /// the longest access-token or refresh-token lifetime you issue. Default 30 days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Refuse tokens without <c>jti</c> (default <see langword="true"/>): they cannot be revoked one by one.</summary>
    public bool RequireTokenId { get; set; } = true;

    /// <summary>The Redis configuration set by <see cref="UseRedis(string)"/>, or <see langword="null"/>.</summary>
    public ConfigurationOptions? Redis { get; set; }

    /// <summary>
    /// Keeps revocations, refresh tokens and detection state in Redis (StackExchange.Redis configuration string, for
    /// example <c>redis.internal:6379,ssl=true,password=...</c>). Commands fail fast while Redis is unreachable
    /// (<c>BacklogPolicy.FailFast</c>) so validation fails closed at once instead of queueing requests, and the
    /// connection is retried from 250 ms up to every 5 s, so validation recovers soon after Redis is back.
    /// </summary>
    /// <param name="configuration">The StackExchange.Redis configuration string.</param>
    /// <returns>These options, for chaining.</returns>
    public JwtRevocationOptions UseRedis(string configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            throw new ArgumentException("Pass the Redis configuration string, for example \"localhost:6379\" (from configuration: builder.Configuration.GetConnectionString(\"Redis\")).", nameof(configuration));
        }

        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        Redis = options;
        return this;
    }

    /// <summary>Keeps the state in Redis with fully built <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The StackExchange.Redis options.</param>
    /// <returns>These options, for chaining.</returns>
    public JwtRevocationOptions UseRedis(ConfigurationOptions configuration)
    {
        Redis = configuration ?? throw new ArgumentNullException(nameof(configuration));
        return this;
    }

    internal string? Validate()
    {
        if (LocalCacheDuration < TimeSpan.Zero || LocalCacheDuration > MaxLocalCacheDuration)
        {
            return $"JwtRevocationOptions.LocalCacheDuration is {LocalCacheDuration}; use a value from 00:00:00 (no local cache) to {MaxLocalCacheDuration}. It is how long a revocation made on another instance can go unnoticed here.";
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > StrictJwtOptions.MaxClockSkew)
        {
            return $"JwtRevocationOptions.ClockSkew is {ClockSkew}; use a value from 00:00:00 to {StrictJwtOptions.MaxClockSkew}.";
        }

        if (Retention < TimeSpan.FromHours(1))
        {
            return $"JwtRevocationOptions.Retention is {Retention}; it must be at least the longest token lifetime you issue (at least 01:00:00).";
        }

        if (string.IsNullOrWhiteSpace(KeyPrefix))
        {
            return "JwtRevocationOptions.KeyPrefix is empty; keep a prefix such as \"jwtanalyzers:\" so the runtime's keys cannot collide with other data.";
        }

        return null;
    }
}
