using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// <see cref="ITokenRevocationStore"/> on the runtime's <c>IDistributedCache</c>. Keys are
/// <c>{prefix}jti:{sha256}</c>, <c>{prefix}sub:{sha256}</c> and <c>{prefix}fam:{sha256}</c> (identifiers hashed, never
/// stored in clear); entries expire with what they revoke. With <see cref="JwtRevocationOptions.LocalCacheDuration"/>
/// answers are reused locally for at most that long (the staleness bound).
/// </summary>
internal sealed class DistributedTokenRevocationStore : ITokenRevocationStore
{
    private static readonly byte[] Revoked = [1];
    private readonly JwtRuntimeCache cache;

    public DistributedTokenRevocationStore(JwtRuntimeCache cache) => this.cache = cache;

    public Task RevokeTokenAsync(string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        cache.SetAsync(cache.Key("jti", tokenId), Revoked, expiresAt + cache.Options.ClockSkew, "revoke_token", cancellationToken);

    public Task RevokeSubjectAsync(string subject, DateTimeOffset issuedBefore, CancellationToken cancellationToken)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(value, issuedBefore.ToUnixTimeMilliseconds());
        return cache.SetAsync(cache.Key("sub", subject), value, cache.Time.GetUtcNow() + cache.Options.Retention, "revoke_subject", cancellationToken);
    }

    public Task RevokeFamilyAsync(string familyId, CancellationToken cancellationToken) =>
        cache.SetAsync(cache.Key("fam", familyId), Revoked, cache.Time.GetUtcNow() + cache.Options.Retention, "revoke_family", cancellationToken);

    public async Task<TokenRevocationState> GetStateAsync(string? tokenId, string? subject, string? familyId, CancellationToken cancellationToken)
    {
        var token = tokenId is null ? Task.FromResult<byte[]?>(null) : cache.GetAsync(cache.Key("jti", tokenId), true, "check", cancellationToken);
        var cutoff = subject is null ? Task.FromResult<byte[]?>(null) : cache.GetAsync(cache.Key("sub", subject), true, "check", cancellationToken);
        var family = familyId is null ? Task.FromResult<byte[]?>(null) : cache.GetAsync(cache.Key("fam", familyId), true, "check", cancellationToken);
        await Task.WhenAll(token, cutoff, family).ConfigureAwait(false);
        var cutoffValue = await cutoff.ConfigureAwait(false);
        return new TokenRevocationState(
            await token.ConfigureAwait(false) is not null,
            cutoffValue is { Length: 8 } ? DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(cutoffValue)) : null,
            await family.ConfigureAwait(false) is not null);
    }
}
