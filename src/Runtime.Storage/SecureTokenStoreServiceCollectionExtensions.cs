using System;
using System.Linq;
using JwtAnalyzers.Runtime;
using Microsoft.Extensions.Options;

// ASP.NET Core convention: Add* extensions live in Microsoft.Extensions.DependencyInjection, so no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="ISecureTokenStore"/> of a Blazor app.</summary>
public static partial class SecureTokenStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InMemoryTokenStore"/> as a <b>scoped</b> <see cref="ISecureTokenStore"/>: one per circuit in
    /// Blazor Server (all users share one process, so a singleton would hand one user's token to another), one per app
    /// instance in WebAssembly. Three guards keep it per user: an existing singleton registration is refused here; a
    /// registration of <see cref="ISecureTokenStore"/> added <i>after</i> this call fails the host's start-up check
    /// (<c>ValidateOnStart</c>); and resolving the store from the root provider (outside any scope, where it would be
    /// one shared instance) throws.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
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

        if (services.Any(d => d.ServiceType == typeof(SecureTokenStoreRoot)))
        {
            return services;
        }

        if (services.Any(d => d.ServiceType == typeof(ISecureTokenStore)))
        {
            // An existing scoped (or transient) registration of the app's own store is kept.
            return services;
        }

        services.AddSingleton(provider => new SecureTokenStoreRoot(provider));
        services.AddScoped<ISecureTokenStore>(CreateStore);
        services.AddOptions<SecureTokenStoreRegistration>()
            .Validate(
                _ => services.LastOrDefault(d => d.ServiceType == typeof(ISecureTokenStore)) is { Lifetime: ServiceLifetime.Scoped } last && Equals(last.ImplementationFactory, (Func<IServiceProvider, ISecureTokenStore>)CreateStore),
                "ISecureTokenStore was registered again after AddSecureTokenStore() (for example as a singleton), so the app would not get one store per user: in Blazor Server every user would share the same tokens. Remove the later registration.")
            .ValidateOnStart();
        return services;
    }

    private static ISecureTokenStore CreateStore(IServiceProvider provider)
    {
        if (ReferenceEquals(provider, provider.GetRequiredService<SecureTokenStoreRoot>().Provider))
        {
            throw new InvalidOperationException(
                "ISecureTokenStore was resolved from the root service provider, outside any scope: that instance would be shared by every user. Resolve it in a scope (inject it into a component or a scoped service; in a singleton or background service create a scope with IServiceScopeFactory.CreateScope()).");
        }

        return new InMemoryTokenStore();
    }

    /// <summary>Remembers the root provider (singletons are created by it) to recognise root resolution.</summary>
    private sealed class SecureTokenStoreRoot
    {
        internal SecureTokenStoreRoot(IServiceProvider provider) => Provider = provider;

        internal IServiceProvider Provider { get; }
    }

    /// <summary>The options whose start-up validation checks the registration.</summary>
    private sealed class SecureTokenStoreRegistration
    {
    }
}
