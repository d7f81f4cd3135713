using System;
using System.Threading;
using System.Threading.Tasks;
using System.Collections.Concurrent;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// An <see cref="ISecureTokenStore"/> that keeps tokens in the memory of this instance only: never in Web Storage,
/// never in a static, never shared with another instance. Registered scoped by
/// <see cref="Microsoft.Extensions.DependencyInjection.SecureTokenStoreServiceCollectionExtensions.AddSecureTokenStore"/>, so each Blazor Server circuit (each
/// user) and each WebAssembly app instance gets its own. Tokens are lost when the circuit ends or the page reloads:
/// sign in again or renew silently (or use the BFF pattern, where the server keeps the token and the browser only an
/// HttpOnly cookie). Uses no JS interop, so it works before the circuit is interactive and in WebAssembly.
/// </summary>
public sealed class InMemoryTokenStore : ISecureTokenStore
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask SetAsync(string name, string token, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(token);
        cancellationToken.ThrowIfCancellationRequested();
        _tokens[name] = token;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_tokens.TryGetValue(name, out var token) ? token : null);
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        cancellationToken.ThrowIfCancellationRequested();
        _tokens.TryRemove(name, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets every token (sign-out of all APIs).</summary>
    public void Clear() => _tokens.Clear();

    private static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            throw new ArgumentException("The token name is empty: pass a name such as \"access_token\".", nameof(name));
        }
    }
}
