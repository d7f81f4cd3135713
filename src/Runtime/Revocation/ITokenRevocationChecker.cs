using System.Threading;
using System.Threading.Tasks;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// The post-validation step every runtime validation path runs when revocation is on: the JwtBearer
/// <c>OnTokenValidated</c> event of every scheme, and
/// <see cref="SafeTokenValidation.ValidateAndCheckRevocationAsync"/>.
/// Implemented by <see cref="TokenRevocationService"/>.
/// </summary>
public interface ITokenRevocationChecker
{
    /// <summary>
    /// Throws <see cref="JwtValidationException"/> when the already validated <paramref name="token"/> must be refused:
    /// <see cref="JwtValidationReasons.Revoked"/>, <see cref="JwtValidationReasons.RevocationUnavailable"/> or
    /// <see cref="JwtValidationReasons.NoTokenId"/>.
    /// </summary>
    /// <param name="token">The validated token (<c>JsonWebToken</c> or <c>JwtSecurityToken</c>).</param>
    /// <param name="client">Where it was presented from, for concurrent-use detection; optional.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>A task that completes when the token may be accepted.</returns>
    Task EnsureNotRevokedAsync(SecurityToken token, JwtClientInfo? client = null, CancellationToken cancellationToken = default);
}
