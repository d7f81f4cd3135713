using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// The shared state of revocation, refresh tokens and detection: one <see cref="IDistributedCache"/> (Redis, the app's
/// registration, or a private in-memory cache) with namespaced keys, an optional local cache in front of it, and
/// store errors turned into <see cref="TokenRevocationStoreUnavailableException"/> with a log event, a metric and a
/// recovery event.
/// </summary>
internal sealed class JwtRuntimeCache : IDisposable
{
    private readonly IDistributedCache cache;
    private readonly IDisposable? owned;
    private readonly MemoryCache? local;
    private readonly JwtRuntimeTelemetry telemetry;
    private readonly ILogger logger;
    private readonly SecurityEventDispatcher events;
    private int failing;

    public JwtRuntimeCache(IServiceProvider services, IOptions<JwtRevocationOptions> options, JwtRuntimeTelemetry telemetry, SecurityEventDispatcher events, ILoggerFactory loggerFactory, TimeProvider time)
    {
        Options = options.Value;
        this.telemetry = telemetry;
        this.events = events;
        Time = time;
        logger = loggerFactory.CreateLogger(JwtRuntimeTelemetry.MeterName);
        if (Options.Redis is { } redis)
        {
            var redisCache = new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions { ConfigurationOptions = redis }));
            cache = redisCache;
            owned = redisCache;
        }
        else if (services.GetService<IDistributedCache>() is { } registered)
        {
            cache = registered;
        }
        else
        {
            var memory = new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions()));
            cache = memory;
        }

        if (Options.LocalCacheDuration > TimeSpan.Zero)
        {
            local = new MemoryCache(new MemoryCacheOptions { SizeLimit = 100_000 });
        }
    }

    public JwtRevocationOptions Options { get; }

    public TimeProvider Time { get; }

    public bool HasLocalCache => local is not null;

    public string Key(string kind, string id) => Options.KeyPrefix + kind + ":" + RuntimeHashing.Key(id);

    /// <summary>Reads <paramref name="key"/>, through the local cache when <paramref name="useLocal"/> and one is configured.</summary>
    public async Task<byte[]?> GetAsync(string key, bool useLocal, string operation, CancellationToken cancellationToken)
    {
        if (useLocal && local is not null && local.TryGetValue(key, out byte[]? cached))
        {
            return cached is { Length: 0 } ? null : cached;
        }

        var value = await RunAsync(() => cache.GetAsync(key, cancellationToken), operation, cancellationToken).ConfigureAwait(false);
        if (useLocal)
        {
            Remember(key, value);
        }

        return value;
    }

    public async Task SetAsync(string key, byte[] value, DateTimeOffset expiresAt, string operation, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (expiresAt <= now)
        {
            expiresAt = now.AddSeconds(1);
        }

        await RunAsync(async () => { await cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpiration = expiresAt }, cancellationToken).ConfigureAwait(false); return true; }, operation, cancellationToken).ConfigureAwait(false);
        Remember(key, value);
    }

    public async Task RemoveAsync(string key, string operation, CancellationToken cancellationToken)
    {
        await RunAsync(async () => { await cache.RemoveAsync(key, cancellationToken).ConfigureAwait(false); return true; }, operation, cancellationToken).ConfigureAwait(false);
        local?.Remove(key);
    }

    private void Remember(string key, byte[]? value)
    {
        if (local is null)
        {
            return;
        }

        local.Set(key, value ?? Array.Empty<byte>(), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Options.LocalCacheDuration, Size = 1 });
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> call, string operation, CancellationToken cancellationToken)
    {
        T result;
        try
        {
            result = await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Every store failure (connection, timeout, server error) means the same thing: unavailable.
        catch (Exception e)
#pragma warning restore CA1031
        {
            telemetry.StoreError(operation);
            if (Interlocked.Exchange(ref failing, 1) == 0)
            {
                RuntimeLog.StoreUnavailable(logger, e, operation, Options.FailureMode == RevocationFailureMode.FailClosed ? "rejected (fail closed)" : "accepted unchecked (fail open)");
                await events.RaiseAsync(JwtSecurityEventKind.RevocationStoreUnavailable, null, null, null, 1, Options.FailureMode == RevocationFailureMode.FailClosed ? "rejected" : "none", CancellationToken.None).ConfigureAwait(false);
            }

            throw new TokenRevocationStoreUnavailableException($"The revocation store ({cache.GetType().Name}) did not answer during {operation}: {e.GetType().Name}. Check that it is running and reachable; until then tokens are {(Options.FailureMode == RevocationFailureMode.FailClosed ? "rejected" : "accepted unchecked")}.", e);
        }

        if (Volatile.Read(ref failing) == 1 && Interlocked.Exchange(ref failing, 0) == 1)
        {
            RuntimeLog.StoreRecovered(logger);
        }

        return result;
    }

    public void Dispose()
    {
        owned?.Dispose();
        local?.Dispose();
    }
}
