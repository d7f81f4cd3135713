using System;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;

namespace JwtAnalyzers.Runtime;

/// <summary>Registers the <see cref="ISecureTokenStore"/> of a Blazor app.</summary>
public static partial class SecureTokenStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InMemoryTokenStore"/> as a <b>scoped</b> <see cref="ISecureTokenStore"/>: one per circuit in
    /// Blazor Server (all users share one process, so a singleton would hand one user's token to another), one per app
    /// instance in WebAssembly.
    /// </summary>
    /// <exception cref="InvalidOperationException">An <see cref="ISecureTokenStore"/> is already registered as a singleton.</exception>
    public static IServiceCollection AddSecureTokenStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(ISecureTokenStore) && descriptor.Lifetime == ServiceLifetime.Singleton)
            {
                throw new InvalidOperationException(
                    "ISecureTokenStore is registered as a singleton: in Blazor Server every user would share the same tokens. Remove that registration and call AddSecureTokenStore(), which registers one store per circuit (scoped).");
            }
        }

        if (!services.Any(d => d.ServiceType == typeof(ISecureTokenStore)))
        {
            services.AddScoped<ISecureTokenStore, InMemoryTokenStore>();
        }

        return services;
    }
}
