using System.Threading;
using System.Threading.Tasks;
namespace JwtAnalyzers.Runtime;

/// <summary>
/// Where a Blazor app keeps the tokens of the current user instead of <c>localStorage</c>/<c>sessionStorage</c>:
/// nothing is written to the browser's Web Storage, so a script injected in the page (XSS) cannot read it from there.
/// Register it with <see cref="Microsoft.Extensions.DependencyInjection.SecureTokenStoreServiceCollectionExtensions.AddSecureTokenStore"/>: one store per DI
/// scope, that is per circuit (one user, one tab) in Blazor Server and per app instance in WebAssembly.
/// </summary>
public interface ISecureTokenStore
{
    /// <summary>Stores <paramref name="token"/> under <paramref name="name"/>, replacing any previous value.</summary>
    ValueTask SetAsync(string name, string token, CancellationToken cancellationToken = default);

    /// <summary>The token stored under <paramref name="name"/>, or null.</summary>
    ValueTask<string?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Forgets the token stored under <paramref name="name"/> (sign-out).</summary>
    ValueTask RemoveAsync(string name, CancellationToken cancellationToken = default);
}
