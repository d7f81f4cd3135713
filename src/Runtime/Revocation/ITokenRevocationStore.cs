using System;
using System.Threading;
using System.Threading.Tasks;

namespace JwtAnalyzers.Runtime;

/// <summary>What the store knows about one token.</summary>
/// <param name="TokenRevoked">The token id is on the denylist.</param>
/// <param name="SubjectCutoff">Tokens of the subject issued at or before this instant (to the second) are revoked.</param>
/// <param name="FamilyRevoked">The refresh-token family (<c>sid</c>) the token was issued from is revoked.</param>
public readonly record struct TokenRevocationState(bool TokenRevoked, DateTimeOffset? SubjectCutoff, bool FamilyRevoked);

/// <summary>
/// Where revocations live. The default implementation stores them in the <c>IDistributedCache</c> chosen by
/// <see cref="JwtRevocationOptions"/>. Implementations throw <see cref="TokenRevocationStoreUnavailableException"/> when
/// the backing store cannot be reached.
/// </summary>
public interface ITokenRevocationStore
{
    /// <summary>Denylists <paramref name="tokenId"/> until <paramref name="expiresAt"/> plus the clock skew.</summary>
    /// <param name="tokenId">The token's <c>jti</c>.</param>
    /// <param name="expiresAt">The token's <c>exp</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Revokes every token of <paramref name="subject"/> issued at or before <paramref name="issuedBefore"/>.</summary>
    /// <param name="subject">The <c>sub</c> claim.</param>
    /// <param name="issuedBefore">The cutoff.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the cutoff is stored.</returns>
    Task RevokeSubjectAsync(string subject, DateTimeOffset issuedBefore, CancellationToken cancellationToken);

    /// <summary>Revokes the refresh-token family <paramref name="familyId"/> and every access token carrying it as <c>sid</c>.</summary>
    /// <param name="familyId">The family id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the revocation is stored.</returns>
    Task RevokeFamilyAsync(string familyId, CancellationToken cancellationToken);

    /// <summary>Looks up the revocation state of a token; absent parts are skipped.</summary>
    /// <param name="tokenId">The <c>jti</c>, if any.</param>
    /// <param name="subject">The <c>sub</c>, if any.</param>
    /// <param name="familyId">The <c>sid</c>, if any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The state.</returns>
    Task<TokenRevocationState> GetStateAsync(string? tokenId, string? subject, string? familyId, CancellationToken cancellationToken);
}
