using System;
using JwtAnalyzers.Runtime;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers token revocation, refresh-token rotation and suspicious-use detection of <c>JwtAnalyzers.Runtime</c>.
/// </summary>
public static class JwtRevocationServiceCollectionExtensions
{
    /// <summary>
    /// Adds token revocation: <see cref="TokenRevocationService"/> (also as <see cref="ITokenRevocationChecker"/>), the
    /// <c>JwtAnalyzers.Runtime</c> meter and activity source, and a check on every JwtBearer scheme: a revoked token,
    /// a token without <c>jti</c>, or a token that cannot be checked because the store is down (fail closed) gets 401
    /// with <c>WWW-Authenticate: Bearer error="invalid_token", error_description="revoked"</c> (or the other reason).
    /// The store is Redis with <c>o.UseRedis(...)</c>, else the app's <c>IDistributedCache</c>, else a private
    /// in-memory cache (one instance only). Options are validated when the host starts.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts <see cref="JwtRevocationOptions"/>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication().AddStrictJwtBearer(builder.Configuration);
    /// builder.Services.AddJwtRevocation(o => o.UseRedis(builder.Configuration.GetConnectionString("Redis")!));
    /// </code>
    /// </example>
    public static IServiceCollection AddJwtRevocation(this IServiceCollection services, Action<JwtRevocationOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var options = services.AddOptions<JwtRevocationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(TokenRevocationService)))
        {
            return services;
        }

        options.ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtRevocationOptions>>(new OptionsCheck<JwtRevocationOptions>(o => o.Validate()));
        services.AddOptions<JwtSuspiciousUseOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtSuspiciousUseOptions>>(new OptionsCheck<JwtSuspiciousUseOptions>(o => o.Validate()));
        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JwtRuntimeTelemetry>();
        services.TryAddSingleton(sp => new SecurityEventDispatcher(sp.GetServices<IJwtSecurityEventSink>(), sp.GetRequiredService<JwtRuntimeTelemetry>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JwtRuntimeCache(sp, sp.GetRequiredService<IOptions<JwtRevocationOptions>>(), sp.GetRequiredService<JwtRuntimeTelemetry>(), sp.GetRequiredService<SecurityEventDispatcher>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITokenRevocationStore>(sp => new DistributedTokenRevocationStore(sp.GetRequiredService<JwtRuntimeCache>()));
        services.TryAddSingleton(sp => new SuspiciousUseDetector(sp.GetRequiredService<JwtRuntimeCache>(), sp.GetRequiredService<IOptions<JwtSuspiciousUseOptions>>(), sp.GetRequiredService<SecurityEventDispatcher>(), sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(sp => new TokenRevocationService(
            sp.GetRequiredService<ITokenRevocationStore>(),
            sp.GetRequiredService<IOptions<JwtRevocationOptions>>().Value,
            sp.GetRequiredService<JwtRuntimeTelemetry>(),
            sp.GetRequiredService<SuspiciousUseDetector>(),
            sp.GetRequiredService<SecurityEventDispatcher>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<ITokenRevocationChecker>(sp => sp.GetRequiredService<TokenRevocationService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, JwtBearerRevocationEvents>());
        return services;
    }

    /// <summary>
    /// Adds suspicious-use detection (and revocation, if not added yet): bursts of rejected tokens per client address
    /// and per subject, and one token id or refresh family used from different client fingerprints within a window.
    /// Each raises a security event (log, metric, every registered <see cref="IJwtSecurityEventSink"/>); with
    /// <see cref="JwtSuspiciousUseOptions.BlockClients"/> and <c>app.UseJwtAbuseProtection()</c> a bursting address
    /// gets 429 for the rest of the window; with <see cref="JwtSuspiciousUseOptions.RevokeOnConcurrentUse"/> the token
    /// or family is revoked.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts thresholds, windows and actions.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddJwtSuspiciousUseDetection(this IServiceCollection services, Action<JwtSuspiciousUseOptions>? configure = null)
    {
        services.AddJwtRevocation();
        services.Configure<JwtSuspiciousUseOptions>(o =>
        {
            o.Enabled = true;
            configure?.Invoke(o);
        });
        return services;
    }

    /// <summary>
    /// Adds <see cref="RefreshTokenService"/> (and revocation, if not added yet): opaque rotating refresh tokens stored
    /// as hashes in the revocation store, with reuse detection that revokes the whole family. Access tokens are issued
    /// with <see cref="SafeTokenIssuer"/> from the configuration section <see cref="JwtRefreshTokenOptions.ConfigurationSection"/>
    /// unless <see cref="JwtRefreshTokenOptions.AccessTokenFactory"/> is set.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts lifetimes and the access-token factory.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddJwtRefreshTokens(this IServiceCollection services, Action<JwtRefreshTokenOptions>? configure = null)
    {
        services.AddJwtRevocation();
        var options = services.AddOptions<JwtRefreshTokenOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(RefreshTokenService)))
        {
            options.ValidateOnStart();
            services.AddSingleton<IValidateOptions<JwtRefreshTokenOptions>>(sp => new OptionsCheck<JwtRefreshTokenOptions>(o => o.Validate(sp.GetRequiredService<IOptions<JwtRevocationOptions>>().Value)));
            services.TryAddSingleton(sp => new RefreshTokenService(
                sp.GetRequiredService<JwtRuntimeCache>(),
                sp.GetRequiredService<TokenRevocationService>(),
                sp.GetRequiredService<IOptions<JwtRefreshTokenOptions>>().Value,
                sp.GetService<IConfiguration>(),
                sp.GetRequiredService<SecurityEventDispatcher>(),
                sp.GetRequiredService<JwtRuntimeTelemetry>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>()));
        }

        return services;
    }

    private static bool Any(this IServiceCollection services, Func<ServiceDescriptor, bool> predicate)
    {
        foreach (var descriptor in services)
        {
            if (predicate(descriptor))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Turns an options check that returns a message into a failure that says what to change.</summary>
    private sealed class OptionsCheck<T> : IValidateOptions<T>
        where T : class
    {
        private readonly Func<T, string?> check;

        public OptionsCheck(Func<T, string?> check) => this.check = check;

        public ValidateOptionsResult Validate(string? name, T options) =>
            check(options) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;
    }
}
