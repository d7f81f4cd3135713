using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Sliding-window counters and fingerprint sets on the shared cache. Updates are read-modify-write, serialised per
/// key within an instance; two instances updating one key in the same instant can lose one increment (the
/// <c>IDistributedCache</c> contract has no atomic increment), which delays an event by one rejection at most per race.
/// Likewise the first uses of one token from two places in the same instant on two instances can both pass; the next
/// use from either place sees the other fingerprint and raises the event.
/// </summary>
internal sealed class SuspiciousUseDetector
{
    private const int Stripes = 64;
    private readonly SemaphoreSlim[] locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly JwtRuntimeCache cache;
    private readonly SecurityEventDispatcher events;
    private readonly ILogger logger;

    public SuspiciousUseDetector(JwtRuntimeCache cache, IOptions<JwtSuspiciousUseOptions> options, SecurityEventDispatcher events, ILoggerFactory loggerFactory)
    {
        this.cache = cache;
        Options = options.Value;
        this.events = events;
        logger = loggerFactory.CreateLogger(JwtRuntimeTelemetry.MeterName);
    }

    public JwtSuspiciousUseOptions Options { get; }

    /// <summary>Counts one rejected token for the client address and the (unverified) subject; raises events and blocks.</summary>
    public async Task RecordRejectionAsync(JwtClientInfo? client, string? unverifiedSubject, CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return;
        }

        try
        {
            // Without an address (no connection info) there is nothing to count per client: one shared "unknown"
            // bucket would let one bad client get every other address-less client blocked.
            if (client?.Address is not null)
            {
                var count = await CountAsync("fail:addr", client.AddressKey, Options.ClientFailureThreshold, cancellationToken).ConfigureAwait(false);
                if (count > 0)
                {
                    if (Options.BlockClients)
                    {
                        await cache.SetAsync(cache.Key("block", client.AddressKey), BitConverter.GetBytes(cache.Time.GetUtcNow().Add(Options.FailureWindow).ToUnixTimeMilliseconds()), cache.Time.GetUtcNow() + Options.FailureWindow, "detect", cancellationToken).ConfigureAwait(false);
                    }

                    RuntimeLog.RejectionBurst(logger, count, "client", RuntimeHashing.Digest(client.AddressKey), Options.FailureWindow, Options.BlockClients);
                    await events.RaiseAsync(JwtSecurityEventKind.RejectionBurstFromClient, null, null, client, count, Options.BlockClients ? "blocked" : "none", cancellationToken).ConfigureAwait(false);
                }
            }

            if (unverifiedSubject is not null)
            {
                var count = await CountAsync("fail:sub", unverifiedSubject, Options.SubjectFailureThreshold, cancellationToken).ConfigureAwait(false);
                if (count > 0)
                {
                    RuntimeLog.RejectionBurst(logger, count, "subject", RuntimeHashing.Digest(unverifiedSubject), Options.FailureWindow, false);
                    await events.RaiseAsync(JwtSecurityEventKind.RejectionBurstForSubject, unverifiedSubject, null, client, count, "none", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (TokenRevocationStoreUnavailableException)
        {
            // Already logged and counted by the cache; a rejected token stays rejected.
        }
    }

    /// <summary>How long <paramref name="client"/> is still blocked, or <see langword="null"/>.</summary>
    public async Task<TimeSpan?> BlockedForAsync(JwtClientInfo client, CancellationToken cancellationToken)
    {
        if (!Options.Enabled || !Options.BlockClients || client.Address is null)
        {
            return null;
        }

        byte[]? value;
        try
        {
            value = await cache.GetAsync(cache.Key("block", client.AddressKey), false, "detect", cancellationToken).ConfigureAwait(false);
        }
        catch (TokenRevocationStoreUnavailableException)
        {
            return null;
        }

        if (value is not { Length: 8 })
        {
            return null;
        }

        var remaining = DateTimeOffset.FromUnixTimeMilliseconds(BitConverter.ToInt64(value)) - cache.Time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    /// <summary>
    /// Records that <paramref name="id"/> (a token id or a refresh family) was presented by <paramref name="client"/>;
    /// returns the number of distinct fingerprints seen within the window when that is more than one, else 0.
    /// </summary>
    public async Task<int> ObserveUseAsync(string kind, string id, JwtClientInfo client, CancellationToken cancellationToken)
    {
        if (!Options.Enabled)
        {
            return 0;
        }

        var key = cache.Key("use:" + kind, id);
        var fingerprint = client.Fingerprint;
        var gate = locks[(key.GetHashCode() & int.MaxValue) % Stripes];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = cache.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var horizon = now - (long)Options.ConcurrentUseWindow.TotalMilliseconds;
            var seen = Read<Dictionary<string, long>>(await cache.GetAsync(key, false, "detect", cancellationToken).ConfigureAwait(false)) ?? new();
            foreach (var stale in seen.Where(p => p.Value < horizon).Select(p => p.Key).ToList())
            {
                seen.Remove(stale);
            }

            var known = seen.TryGetValue(fingerprint, out var last);
            if (!known || now - last > Options.ConcurrentUseWindow.TotalMilliseconds / 4)
            {
                seen[fingerprint] = now;
                if (seen.Count > 8)
                {
                    seen.Remove(seen.OrderBy(p => p.Value).First().Key);
                }

                await cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(seen), cache.Time.GetUtcNow() + Options.ConcurrentUseWindow, "detect", cancellationToken).ConfigureAwait(false);
            }

            return seen.Count > 1 ? seen.Count : 0;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Adds one rejection to the window of <paramref name="id"/>; returns the count when it reaches the threshold for the first time in the window, else 0.</summary>
    private async Task<int> CountAsync(string kind, string id, int threshold, CancellationToken cancellationToken)
    {
        var key = cache.Key(kind, id);
        var gate = locks[(key.GetHashCode() & int.MaxValue) % Stripes];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = cache.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var horizon = now - (long)Options.FailureWindow.TotalMilliseconds;
            var window = Read<FailureWindowState>(await cache.GetAsync(key, false, "detect", cancellationToken).ConfigureAwait(false)) ?? new FailureWindowState();
            window.T = window.T.Where(t => t >= horizon).Append(now).TakeLast(threshold).ToList();
            var raise = window.T.Count >= threshold && window.F < horizon;
            if (raise)
            {
                window.F = now;
            }

            await cache.SetAsync(key, JsonSerializer.SerializeToUtf8Bytes(window), cache.Time.GetUtcNow() + Options.FailureWindow, "detect", cancellationToken).ConfigureAwait(false);
            return raise ? window.T.Count : 0;
        }
        finally
        {
            gate.Release();
        }
    }

    private static T? Read<T>(byte[]? value)
        where T : class
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class FailureWindowState
    {
        /// <summary>Timestamps (Unix ms) of the rejections in the window, at most the threshold.</summary>
        public List<long> T { get; set; } = new();

        /// <summary>When the last event was raised (Unix ms): at most one event per window.</summary>
        public long F { get; set; }
    }
}
