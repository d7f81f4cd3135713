using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using System.Security.Cryptography;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Issues signed, short-lived JWTs with <see cref="JsonWebTokenHandler"/>. It refuses what IdentityModel silently
/// allows: missing signing credentials (which produce an unsigned <c>alg: none</c> token), the <c>none</c>
/// algorithm, weak HMAC keys, a missing issuer or audience, and lifetimes that are zero, negative or longer than the
/// maximum (one hour by default, in every overload), and claims whose names are sensitive (passwords, secrets, card
/// numbers...). <c>iat</c>, <c>nbf</c> and <c>exp</c> are always set from the lifetime; every token gets a random
/// <c>jti</c> and a <c>kid</c> header.
/// </summary>
public static partial class SafeTokenIssuer
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The longest lifetime accepted when no maximum is passed: one hour.</summary>
    public static TimeSpan DefaultMaxLifetime { get; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Signs <paramref name="descriptor"/> with <paramref name="credentials"/>, valid from now for
    /// <paramref name="lifetime"/> (at most <see cref="DefaultMaxLifetime"/>). The descriptor's
    /// <c>SigningCredentials</c>, <c>IssuedAt</c>, <c>NotBefore</c> and <c>Expires</c> are overwritten.
    /// </summary>
    /// <param name="descriptor">Claims, issuer and audience of the token.</param>
    /// <param name="credentials">Signing key and algorithm, for example <c>new SigningCredentials(SigningKeys.LoadHmacKey(configuration), SecurityAlgorithms.HmacSha256)</c>.</param>
    /// <param name="lifetime">How long the token stays valid.</param>
    /// <returns>The compact JWT.</returns>
    /// <exception cref="ArgumentNullException">The descriptor or the credentials are missing.</exception>
    /// <exception cref="ArgumentException">The algorithm is <c>none</c>, or the issuer or audience is missing, or the descriptor's claims set <c>exp</c>, <c>nbf</c> or <c>iat</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds the maximum.</exception>
    /// <exception cref="WeakSigningKeyException">The HMAC key is too short, well known or guessable, or the RSA key is under 2048 bits.</exception>
    public static string CreateToken(SecurityTokenDescriptor descriptor, SigningCredentials credentials, TimeSpan lifetime) =>
        CreateToken(descriptor, credentials, lifetime, DefaultMaxLifetime);

    /// <summary>As <see cref="CreateToken(SecurityTokenDescriptor, SigningCredentials, TimeSpan)"/>, with an explicit maximum lifetime.</summary>
    /// <param name="descriptor">Claims, issuer and audience of the token.</param>
    /// <param name="credentials">Signing key and algorithm.</param>
    /// <param name="lifetime">How long the token stays valid.</param>
    /// <param name="maxLifetime">The longest acceptable lifetime (for example longer for refresh tokens).</param>
    /// <returns>The compact JWT.</returns>
    /// <exception cref="ArgumentNullException">The descriptor or the credentials are missing.</exception>
    /// <exception cref="ArgumentException">The algorithm is <c>none</c>, or the issuer or audience is missing, or the descriptor's claims set <c>exp</c>, <c>nbf</c> or <c>iat</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds <paramref name="maxLifetime"/>.</exception>
    /// <exception cref="WeakSigningKeyException">The HMAC key is too short, well known or guessable, or the RSA key is under 2048 bits.</exception>
    public static string CreateToken(SecurityTokenDescriptor descriptor, SigningCredentials credentials, TimeSpan lifetime, TimeSpan maxLifetime)
    {
        if (descriptor is null)
        {
            throw new ArgumentNullException(nameof(descriptor));
        }

        CheckCredentials(credentials);
        CheckLifetime(lifetime, maxLifetime);

        if (string.IsNullOrWhiteSpace(descriptor.Issuer))
        {
            throw new ArgumentException("The token has no issuer: set SecurityTokenDescriptor.Issuer to the value validators expect in 'iss' (for example from configuration \"Jwt:Issuer\").", nameof(descriptor));
        }

        if (string.IsNullOrWhiteSpace(descriptor.Audience) && !(descriptor.Audiences?.Any(a => !string.IsNullOrWhiteSpace(a)) ?? false))
        {
            throw new ArgumentException("The token has no audience: set SecurityTokenDescriptor.Audience to the API the token is for (for example from configuration \"Jwt:Audience\"); without it a token for one API is accepted by every other.", nameof(descriptor));
        }

        var names = (descriptor.Claims?.Keys ?? Enumerable.Empty<string>())
            .Concat(descriptor.Subject?.Claims.Select(c => c.Type) ?? Enumerable.Empty<string>())
            .ToList();
        foreach (var name in new[] { JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Nbf, JwtRegisteredClaimNames.Iat })
        {
            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"The token's claims set '{name}'; SafeTokenIssuer sets the token times from the lifetime. Remove the '{name}' claim.", nameof(descriptor));
            }
        }

        CheckClaimNames(names, nameof(descriptor));

        var now = DateTime.UtcNow;
        descriptor.SigningCredentials = WithKeyId(credentials);
        descriptor.IssuedAt = now;
        descriptor.NotBefore = now;
        descriptor.Expires = now + lifetime;

        // jti and kid go into copies, so a descriptor reused for the next token gets a new jti.
        var callerClaims = descriptor.Claims;
        var callerHeader = descriptor.AdditionalHeaderClaims;
        descriptor.Claims = callerClaims is null ? new Dictionary<string, object>(StringComparer.Ordinal) : new Dictionary<string, object>(callerClaims, StringComparer.Ordinal);
        descriptor.AdditionalHeaderClaims = callerHeader is null ? null : new Dictionary<string, object>(callerHeader, StringComparer.Ordinal);
        string token;
        try
        {
            AddTokenId(descriptor, names);
            token = Handler.CreateToken(descriptor);
        }
        finally
        {
            descriptor.Claims = callerClaims;
            descriptor.AdditionalHeaderClaims = callerHeader;
        }

        if (descriptor.EncryptingCredentials is null)
        {
            Verify(token, now + lifetime);
        }

        return token;
    }

    /// <summary>Signs a token carrying <paramref name="claims"/> for <paramref name="audience"/>, valid from now for <paramref name="lifetime"/> (at most one hour).</summary>
    /// <param name="claims">The claims (for example <c>sub</c>, <c>role</c>); must not include <c>exp</c>, <c>nbf</c> or <c>iat</c>.</param>
    /// <param name="credentials">Signing key and algorithm.</param>
    /// <param name="issuer">The <c>iss</c> value.</param>
    /// <param name="audience">The <c>aud</c> value.</param>
    /// <param name="lifetime">How long the token stays valid.</param>
    /// <returns>The compact JWT.</returns>
    /// <exception cref="ArgumentNullException">The claims or the credentials are missing.</exception>
    /// <exception cref="ArgumentException">The algorithm is <c>none</c>, the issuer or audience is missing, or a claim sets <c>exp</c>, <c>nbf</c> or <c>iat</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds one hour.</exception>
    /// <exception cref="WeakSigningKeyException">The key is weak.</exception>
    public static string CreateToken(IEnumerable<Claim> claims, SigningCredentials credentials, string issuer, string audience, TimeSpan lifetime) =>
        CreateToken(claims, credentials, issuer, audience, lifetime, DefaultMaxLifetime);

    /// <summary>As <see cref="CreateToken(IEnumerable{Claim}, SigningCredentials, string, string, TimeSpan)"/>, with an explicit maximum lifetime.</summary>
    /// <param name="claims">The claims; must not include <c>exp</c>, <c>nbf</c> or <c>iat</c>.</param>
    /// <param name="credentials">Signing key and algorithm.</param>
    /// <param name="issuer">The <c>iss</c> value.</param>
    /// <param name="audience">The <c>aud</c> value.</param>
    /// <param name="lifetime">How long the token stays valid.</param>
    /// <param name="maxLifetime">The longest acceptable lifetime.</param>
    /// <returns>The compact JWT.</returns>
    /// <exception cref="ArgumentNullException">The claims or the credentials are missing.</exception>
    /// <exception cref="ArgumentException">The algorithm is <c>none</c>, the issuer or audience is missing, or a claim sets <c>exp</c>, <c>nbf</c> or <c>iat</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds <paramref name="maxLifetime"/>.</exception>
    /// <exception cref="WeakSigningKeyException">The key is weak.</exception>
    public static string CreateToken(IEnumerable<Claim> claims, SigningCredentials credentials, string issuer, string audience, TimeSpan lifetime, TimeSpan maxLifetime)
    {
        if (claims is null)
        {
            throw new ArgumentNullException(nameof(claims));
        }

        var list = claims.Where(c => c is not null).ToList();
        var timeClaim = list.FirstOrDefault(c => c.Type is JwtRegisteredClaimNames.Exp or JwtRegisteredClaimNames.Nbf or JwtRegisteredClaimNames.Iat);
        if (timeClaim is not null)
        {
            throw new ArgumentException($"The claims include '{timeClaim.Type}'; SafeTokenIssuer sets the token times from the lifetime. Remove that claim.", nameof(claims));
        }

        CheckClaimNames(list.Select(c => c.Type), nameof(claims));

        return CreateToken(
            new SecurityTokenDescriptor { Subject = new ClaimsIdentity(list), Issuer = issuer, Audience = audience },
            credentials,
            lifetime,
            maxLifetime);
    }

    /// <summary>
    /// Refuses claims whose names are sensitive by the shared word list (<c>src/Shared/sensitive-claim-words.txt</c>,
    /// the list of the JWT016 analyzer): a signed token is only base64url-encoded, so every holder reads every claim.
    /// The message names the claim, never its value.
    /// </summary>
    private static void CheckClaimNames(IEnumerable<string> names, string parameter)
    {
        foreach (var name in names)
        {
            var entry = SensitiveClaimNames.Match(name);
            if (entry is not null)
            {
                throw new ArgumentException(
                    $"The claim '{name}' looks sensitive (its name contains \"{entry}\"): a signed JWT is only base64url-encoded, so everyone who holds the token (the browser, proxies, logs) can read every claim (RFC 7519 section 11.2). Remove the claim and look the value up on the server by the subject, or issue an encrypted token (JWE) or an opaque reference token.",
                    parameter);
            }
        }
    }

    /// <summary>Adds a random <c>jti</c> (128 bits, base64url) unless the caller supplied one, so each token can be told apart and revoked.</summary>
    private static void AddTokenId(SecurityTokenDescriptor descriptor, List<string> names)
    {
        if (names.Contains(JwtRegisteredClaimNames.Jti, StringComparer.Ordinal))
        {
            return;
        }

        descriptor.Claims![JwtRegisteredClaimNames.Jti] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>
    /// Credentials whose key carries a <c>KeyId</c>, so the token gets a <c>kid</c> header: the caller's own when the
    /// key has one (or is a certificate, whose thumbprint IdentityModel uses); otherwise a copy of the key named by its
    /// RFC 7638 JWK thumbprint, the value <see cref="SigningKeys"/> gives the keys it loads. Validators can then pick the
    /// key by <c>kid</c>, and keys can rotate. The caller's key object is not modified.
    /// </summary>
    private static SigningCredentials WithKeyId(SigningCredentials credentials)
    {
        var key = credentials.Key;
        if (!string.IsNullOrEmpty(key.KeyId) || key is X509SecurityKey)
        {
            return credentials;
        }

        var kid = SigningKeys.KeyIdFor(key);
        SecurityKey? named = key switch
        {
            SymmetricSecurityKey symmetric => new SymmetricSecurityKey(symmetric.Key),
            RsaSecurityKey { Rsa: { } rsa } => new RsaSecurityKey(rsa),
            RsaSecurityKey rsaParameters => new RsaSecurityKey(rsaParameters.Parameters),
            ECDsaSecurityKey ec => new ECDsaSecurityKey(ec.ECDsa),
            _ => null,
        };
        if (kid is null || named is null)
        {
            return credentials;
        }

        named.KeyId = kid;
        return new SigningCredentials(named, credentials.Algorithm) { CryptoProviderFactory = credentials.CryptoProviderFactory };
    }

    private static void CheckCredentials(SigningCredentials credentials)
    {
        if (credentials is null)
        {
            throw new ArgumentNullException(nameof(credentials), "Signing credentials are required: without them IdentityModel issues an unsigned token (alg: none) that anyone can forge. Pass, for example, new SigningCredentials(SigningKeys.LoadHmacKey(configuration), SecurityAlgorithms.HmacSha256).");
        }

        if (string.IsNullOrWhiteSpace(credentials.Algorithm) || JwtAlgorithms.IsNone(credentials.Algorithm))
        {
            throw new ArgumentException("The signing algorithm is 'none' or empty: unsigned tokens can be forged by anyone. Use HS256 with a random secret of at least 32 bytes, or RS256/ES256 with a private key.", nameof(credentials));
        }

        if (credentials.Key is null)
        {
            throw new ArgumentException("The signing credentials have no key. Load one with SigningKeys.LoadHmacKey(configuration) or use an RSA/EC private key.", nameof(credentials));
        }

        var bytes = JwtAlgorithms.SymmetricKeyBytes(credentials.Key);
        if (bytes is not null)
        {
            if (!JwtAlgorithms.IsHmac(credentials.Algorithm))
            {
                throw new ArgumentException($"The signing key is symmetric but the algorithm '{credentials.Algorithm}' is not HMAC; use HS256, HS384 or HS512.", nameof(credentials));
            }

            var weakness = SigningKeys.FindWeakness(bytes, credentials.Algorithm);
            if (weakness is not null)
            {
                throw new WeakSigningKeyException($"The signing key {weakness} Generate a random key with SigningKeys.GenerateBase64Secret() (or openssl rand -base64 64), store it in configuration and load it with SigningKeys.LoadHmacKey.");
            }
        }

        var rsaBits = JwtAlgorithms.RsaKeySize(credentials.Key);
        if (rsaBits is > 0 and < JwtAlgorithms.MinimumRsaKeyBits)
        {
            throw new WeakSigningKeyException($"The RSA signing key is {rsaBits} bits; at least {JwtAlgorithms.MinimumRsaKeyBits} bits are required. Generate a new key pair, for example with RSA.Create(3072).");
        }
    }

    private static void CheckLifetime(TimeSpan lifetime, TimeSpan maxLifetime)
    {
        if (maxLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLifetime), maxLifetime, "The maximum lifetime must be positive.");
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "The token lifetime must be positive; a token needs an expiry.");
        }

        if (lifetime > maxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"The token lifetime {StrictTokenValidation.Format(lifetime)} exceeds the maximum of {StrictTokenValidation.Format(maxLifetime)}. A stolen token stays usable until it expires: keep access tokens short (5 to 60 minutes) and use refresh tokens for long sessions, or pass a larger maxLifetime deliberately.");
        }
    }

    private static void Verify(string token, DateTime expectedExpiry)
    {
        var jwt = new JsonWebToken(token);
        if (string.IsNullOrEmpty(jwt.Alg) || JwtAlgorithms.IsNone(jwt.Alg) || token.EndsWith(".", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("IdentityModel produced an unsigned token; it was discarded.");
        }

        var expiry = jwt.ValidTo;
        if (expiry == DateTime.MinValue || expiry > expectedExpiry.AddSeconds(1))
        {
            throw new InvalidOperationException("The token's 'exp' does not match the requested lifetime (a claim in SecurityTokenDescriptor.Subject probably sets 'exp'); the token was discarded. Remove time claims from the subject.");
        }
    }
}
