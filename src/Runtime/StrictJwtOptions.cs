using System;
using System.Collections.Generic;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// What <see cref="StrictTokenValidation.Create(StrictJwtOptions)"/> needs to build strict
/// <see cref="TokenValidationParameters"/>: the accepted issuers, audiences and signing keys, and optionally the
/// accepted algorithms, token types and clock skew. Everything else (signature, lifetime, expiry, audience and
/// issuer validation) is always on and cannot be turned off here.
/// </summary>
/// <example>
/// <code>
/// var parameters = StrictTokenValidation.Create(o =>
/// {
///     o.ValidIssuers.Add("https://login.example.com");
///     o.ValidAudiences.Add("orders-api");
///     o.SigningKeys.Add(SigningKeys.LoadHmacKey(configuration));
/// });
/// </code>
/// </example>
public sealed class StrictJwtOptions
{
    /// <summary>The default <see cref="ClockSkew"/>: one minute.</summary>
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The accepted <c>iss</c> values. At least one is required, unless the JwtBearer integration reads them from
    /// the <c>Authority</c>'s OpenID Connect metadata.
    /// </summary>
    public IList<string> ValidIssuers { get; } = new List<string>();

    /// <summary>The accepted <c>aud</c> values. At least one is required.</summary>
    public IList<string> ValidAudiences { get; } = new List<string>();

    /// <summary>
    /// The keys that may have signed a token. At least one is required, unless the JwtBearer integration reads them
    /// from the <c>Authority</c>'s metadata (JWKS). Symmetric keys are checked like <see cref="SigningKeys.FromBytes"/>;
    /// RSA keys must have at least 2048 bits.
    /// </summary>
    public IList<SecurityKey> SigningKeys { get; } = new List<SecurityKey>();

    /// <summary>
    /// The accepted <c>alg</c> values. When empty they are derived from the key types: HS256 (plus HS384 for keys
    /// of 48 bytes or more and HS512 for 64 bytes or more) for symmetric keys; RS256/384/512 and PS256/384/512 for
    /// RSA keys; ES256, ES384 or ES512 by curve for EC keys; the RSA and EC families when keys come from metadata.
    /// Must be set explicitly when symmetric and asymmetric keys are mixed. <c>none</c> is always refused.
    /// </summary>
    public IList<string> ValidAlgorithms { get; } = new List<string>();

    /// <summary>
    /// How far <c>exp</c> and <c>nbf</c> may be off because of clock differences. Defaults to one minute; values
    /// above <see cref="MaxClockSkew"/> or below zero are refused.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = DefaultClockSkew;

    /// <summary>The largest accepted <see cref="ClockSkew"/>: five minutes (IdentityModel's own default).</summary>
    public static TimeSpan MaxClockSkew { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The accepted <c>typ</c> header values, for example <c>at+jwt</c> for OAuth 2.0 access tokens (RFC 9068) or
    /// <c>JWT</c>. Empty accepts any type (RFC 8725 section 3.11 recommends explicit typing).
    /// </summary>
    public IList<string> ValidTypes { get; } = new List<string>();
}
