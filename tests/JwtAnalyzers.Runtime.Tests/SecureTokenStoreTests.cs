using JwtAnalyzers.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace JwtAnalyzers.Runtime.Tests;

public class SecureTokenStoreTests
{
    [Fact]
    public async Task SetGetRemove()
    {
        var store = new InMemoryTokenStore();
        Assert.Null(await store.GetAsync("access_token"));
        await store.SetAsync("access_token", "t1");
        await store.SetAsync("access_token", "t2");
        Assert.Equal("t2", await store.GetAsync("access_token"));
        await store.RemoveAsync("access_token");
        Assert.Null(await store.GetAsync("access_token"));
    }

    [Fact]
    public async Task Clear_ForgetsEverything()
    {
        var store = new InMemoryTokenStore();
        await store.SetAsync("a", "1");
        await store.SetAsync("b", "2");
        store.Clear();
        Assert.Null(await store.GetAsync("a"));
        Assert.Null(await store.GetAsync("b"));
    }

    [Fact]
    public async Task EachScope_HasItsOwnStore_NoStateSharedBetweenUsers()
    {
        using var provider = new ServiceCollection().AddSecureTokenStore().BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var alice = provider.CreateScope();
        using var bob = provider.CreateScope();
        var aliceStore = alice.ServiceProvider.GetRequiredService<ISecureTokenStore>();
        await aliceStore.SetAsync("access_token", "alice-token");
        Assert.Same(aliceStore, alice.ServiceProvider.GetRequiredService<ISecureTokenStore>());
        Assert.Null(await bob.ServiceProvider.GetRequiredService<ISecureTokenStore>().GetAsync("access_token"));
        // Resolving from the root (a singleton in disguise) is refused when scopes are validated, as in Development.
        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISecureTokenStore>());
    }

    [Fact]
    public void SingletonRegistration_IsRefused()
    {
        var services = new ServiceCollection().AddSingleton<ISecureTokenStore, InMemoryTokenStore>();
        var ex = Assert.Throws<InvalidOperationException>(() => services.AddSecureTokenStore());
        Assert.Contains("singleton", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExistingScopedRegistration_IsKept()
    {
        var services = new ServiceCollection().AddScoped<ISecureTokenStore, InMemoryTokenStore>().AddSecureTokenStore();
        Assert.Single(services, d => d.ServiceType == typeof(ISecureTokenStore));
    }

    [Fact]
    public async Task InvalidArguments()
    {
        var store = new InMemoryTokenStore();
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync("", "t"));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await store.SetAsync("a", null!));
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await store.GetAsync("a", new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Store_HasNoStaticState()
    {
        var statics = typeof(InMemoryTokenStore).GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic);
        Assert.Empty(statics);
    }
}
