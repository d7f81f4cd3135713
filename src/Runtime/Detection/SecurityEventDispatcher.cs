using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace JwtAnalyzers.Runtime;

/// <summary>Counts every security event and hands it to the registered sinks; a failing sink is logged, never thrown.</summary>
internal sealed class SecurityEventDispatcher
{
    private readonly IJwtSecurityEventSink[] sinks;
    private readonly JwtRuntimeTelemetry telemetry;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    public SecurityEventDispatcher(IEnumerable<IJwtSecurityEventSink> sinks, JwtRuntimeTelemetry telemetry, ILoggerFactory loggerFactory, TimeProvider time)
    {
        this.sinks = sinks.ToArray();
        this.telemetry = telemetry;
        this.time = time;
        logger = loggerFactory.CreateLogger(JwtRuntimeTelemetry.MeterName);
    }

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task RaiseAsync(JwtSecurityEventKind kind, string? subject, string? id, JwtClientInfo? client, int count, string action, CancellationToken cancellationToken)
    {
        telemetry.SecurityEvent(kind);
        var securityEvent = new JwtSecurityEvent(
            kind,
            time.GetUtcNow(),
            subject is null ? null : RuntimeHashing.Digest(subject),
            id is null ? null : RuntimeHashing.Digest(id),
            client is null ? null : RuntimeHashing.Digest(client.AddressKey),
            count,
            action);
        foreach (var sink in sinks)
        {
            try
            {
                await sink.OnSecurityEventAsync(securityEvent, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A SIEM forwarder must not turn a security event into a failed request.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RuntimeLog.SinkFailed(logger, e, sink.GetType().Name, kind);
            }
        }
    }
}
