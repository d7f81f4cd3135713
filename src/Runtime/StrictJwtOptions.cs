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
    /// The accepted <c>typ</c> header values, compared case-insensitively. When empty, <see cref="DefaultValidTypes"/>
    /// are accepted: <c>JWT</c>, <c>at+jwt</c> and <c>application/at+jwt</c> (RFC 7519 section 5.1, RFC 9068 section 2.1);
    /// tokens of other types such as <c>refresh+jwt</c>, <c>dpop+jwt</c> or <c>logout+jwt</c> are refused
    /// (RFC 8725 section 3.11). A token without <c>typ</c> is accepted (the header is optional in RFC 7519) unless
    /// <see cref="RequireType"/> is set.
    /// </summary>
    public IList<string> ValidTypes { get; } = new List<string>();

    /// <summary>The types accepted when <see cref="ValidTypes"/> is empty: <c>JWT</c>, <c>at+jwt</c>, <c>application/at+jwt</c>.</summary>
    public static IReadOnlyList<string> DefaultValidTypes { get; } = new[] { "JWT", "at+jwt", "application/at+jwt" };

    /// <summary>When true, a token without a <c>typ</c> header is refused. Default false.</summary>
    public bool RequireType { get; set; }

    /// <summary>
    /// The longest accepted token lifetime, checked on <c>exp − iat</c>, on <c>exp − now</c> (so a token without
    /// <c>iat</c> cannot claim a longer life) and on <c>now − iat</c>, each with <see cref="ClockSkew"/>. Defaults to
    /// <see cref="DefaultMaxTokenLifetime"/> (24 hours); must be positive. A token valid for a hundred years is refused
    /// even when its signature is good, because it cannot be taken back once stolen.
    /// </summary>
    public TimeSpan MaxTokenLifetime { get; set; } = DefaultMaxTokenLifetime;

    /// <summary>The default <see cref="MaxTokenLifetime"/>: 24 hours.</summary>
    public static TimeSpan DefaultMaxTokenLifetime { get; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Keys that decrypt encrypted tokens (JWE). When set, the matching key-management algorithms (RSA-OAEP and
    /// RSA-OAEP-256 for RSA keys; A128KW/A192KW/A256KW and <c>dir</c> by size for symmetric keys) and the
    /// content-encryption algorithms (A128CBC-HS256, A192CBC-HS384, A256CBC-HS512, A128GCM, A192GCM, A256GCM) are
    /// added to the accepted algorithms. RSA1_5 is never accepted (RFC 8725 section 3.2). Plain signed tokens are
    /// still accepted; the inner token is validated like any other.
    /// </summary>
    public IList<SecurityKey> DecryptionKeys { get; } = new List<SecurityKey>();

    /// <summary>Set by the configuration reader when <c>SigningKey</c> had a value (even a refused one).</summary>
    internal bool SigningKeyConfigured { get; set; }

    /// <summary>Problems found while reading configuration (reported together with everything else).</summary>
    internal List<JwtConfigurationIssue> ReadIssues { get; } = new();

    /// <summary>The configuration section the options were read from, for messages; null when set in code only.</summary>
    internal string? SectionPath { get; set; }

    /// <summary>The OpenID Connect authority read from configuration (AddStrictJwtBearer only).</summary>
    internal string? Authority { get; set; }

    /// <summary>The OpenID Connect metadata address read from configuration (AddStrictJwtBearer only).</summary>
    internal string? MetadataAddress { get; set; }
}
