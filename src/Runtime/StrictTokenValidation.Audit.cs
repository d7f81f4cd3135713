using System;
using System.Collections.Generic;
using System.Linq;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

public static partial class StrictTokenValidation
{
    /// <summary>
    /// Lists everything that makes <paramref name="parameters"/> insecure or unusable: signature, lifetime, expiry,
    /// audience or issuer validation turned off; custom delegates that replace those checks
    /// (<c>SignatureValidator</c>, <c>LifetimeValidator</c>, <c>AudienceValidator</c>, <c>IssuerValidator</c>,
    /// <c>AlgorithmValidator</c>); a clock skew above <see cref="StrictJwtOptions.MaxClockSkew"/>; no issuer,
    /// audience or key; algorithms not pinned or including <c>none</c>; symmetric and asymmetric keys mixed without
    /// pinned algorithms; weak, well-known or PEM-derived HMAC keys; RSA keys under 2048 bits;
    /// <c>IncludeTokenOnFailedValidation</c>.
    /// </summary>
    /// <param name="parameters">The parameters to check; they are not modified.</param>
    /// <returns>The issues found; empty when the parameters are strict.</returns>
    public static IReadOnlyList<JwtConfigurationIssue> Audit(TokenValidationParameters parameters) => AuditCore(parameters, metadataSuppliesKeys: false);

    /// <summary>Throws when <see cref="Audit(TokenValidationParameters)"/> finds anything.</summary>
    /// <param name="parameters">The parameters to check.</param>
    /// <exception cref="InsecureJwtConfigurationException">Lists every issue with its fix.</exception>
    public static void EnsureStrict(TokenValidationParameters parameters) => EnsureStrictCore(parameters, metadataSuppliesKeys: false);

    internal static void EnsureStrictCore(TokenValidationParameters parameters, bool metadataSuppliesKeys)
    {
        var issues = AuditCore(parameters, metadataSuppliesKeys);
        if (issues.Count > 0)
        {
            throw new InsecureJwtConfigurationException("The JWT validation parameters are insecure or incomplete.", issues);
        }
    }

    /// <summary>Audit, knowing whether metadata supplies issuers and keys.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="metadataSuppliesKeys">True when an OpenID Connect configuration manager (JwtBearer Authority) adds issuers and keys at run time.</param>
    internal static IReadOnlyList<JwtConfigurationIssue> AuditCore(TokenValidationParameters parameters, bool metadataSuppliesKeys)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        var issues = new List<JwtConfigurationIssue>();
        var metadata = metadataSuppliesKeys || parameters.ConfigurationManager is not null;

        void Add(string property, string problem, string fix) => issues.Add(new JwtConfigurationIssue(property, problem, fix));

        // Signature.
        if (!parameters.RequireSignedTokens)
        {
            Add(nameof(TokenValidationParameters.RequireSignedTokens), "is false, so unsigned tokens (alg: none) are accepted and anyone can forge one.", "Remove the assignment (the default is true).");
        }

        if (parameters.SignatureValidator is not null)
        {
            Add(nameof(TokenValidationParameters.SignatureValidator), "replaces signature verification with a delegate; one that only parses the token accepts forged tokens.", "Remove it and configure the signing keys (or an Authority) so the handler verifies signatures itself.");
        }

        if (parameters.SignatureValidatorUsingConfiguration is not null)
        {
            Add(nameof(TokenValidationParameters.SignatureValidatorUsingConfiguration), "replaces signature verification with a delegate; one that only parses the token accepts forged tokens.", "Remove it and let the handler verify signatures with the metadata keys.");
        }

        // Lifetime.
        if (!parameters.ValidateLifetime)
        {
            Add(nameof(TokenValidationParameters.ValidateLifetime), "is false, so expired and not-yet-valid tokens are accepted forever.", "Remove the assignment (the default is true). For refresh flows validate the expired access token separately and keep this on.");
        }

        if (!parameters.RequireExpirationTime)
        {
            Add(nameof(TokenValidationParameters.RequireExpirationTime), "is false, so tokens without an 'exp' claim never expire.", "Remove the assignment (the default is true) and issue tokens with an expiry.");
        }

        if (parameters.LifetimeValidator is not null && !StrictTokenChecks.IsOurs(parameters.LifetimeValidator))
        {
            Add(nameof(TokenValidationParameters.LifetimeValidator), "replaces the built-in expiry check with a delegate, which runs even when it accepts expired tokens.", "Remove it; use ClockSkew (at most five minutes) for clock differences.");
        }

        if (parameters.ClockSkew < TimeSpan.Zero || parameters.ClockSkew > StrictJwtOptions.MaxClockSkew)
        {
            Add(nameof(TokenValidationParameters.ClockSkew), $"is {Format(parameters.ClockSkew)}; above {Format(StrictJwtOptions.MaxClockSkew)} expired tokens stay usable that much longer.", $"Set it to TimeSpan.FromMinutes(1), at most {Format(StrictJwtOptions.MaxClockSkew)}.");
        }

        // Audience.
        if (!parameters.ValidateAudience)
        {
            Add(nameof(TokenValidationParameters.ValidateAudience), "is false, so tokens issued for any other application are accepted (ValidAudiences is then ignored).", "Remove the assignment (the default is true) and set ValidAudience(s) to this API's audience.");
        }

        if (!parameters.RequireAudience)
        {
            Add(nameof(TokenValidationParameters.RequireAudience), "is false, so tokens without an 'aud' claim are accepted.", "Remove the assignment (the default is true).");
        }

        if (parameters.AudienceValidator is not null)
        {
            Add(nameof(TokenValidationParameters.AudienceValidator), "replaces the built-in audience check with a delegate.", "Remove it and list the accepted audiences in ValidAudiences.");
        }
        else if (parameters.ValidateAudience && string.IsNullOrWhiteSpace(parameters.ValidAudience) && !HasAny(parameters.ValidAudiences))
        {
            Add(nameof(TokenValidationParameters.ValidAudiences), "is empty, so every token is rejected (IDX10208).", "Set ValidAudience or ValidAudiences to this API's audience.");
        }

        if (parameters.IgnoreTrailingSlashWhenValidatingAudience)
        {
            Add(nameof(TokenValidationParameters.IgnoreTrailingSlashWhenValidatingAudience), "is true (IdentityModel's default), so 'aud' \"https://api.example.com/\" is accepted where \"https://api.example.com\" is configured: audiences should match exactly (RFC 7519 section 4.1.3).", "Set it to false; StrictTokenValidation.Create does.");
        }

        // Issuer.
        if (!parameters.ValidateIssuer)
        {
            Add(nameof(TokenValidationParameters.ValidateIssuer), "is false, so tokens from any issuer that holds an accepted key are accepted.", "Remove the assignment (the default is true) and set ValidIssuer(s).");
        }

        if (parameters.IssuerValidator is not null)
        {
            Add(nameof(TokenValidationParameters.IssuerValidator), "replaces the built-in issuer check with a delegate.", "Remove it and list the accepted issuers in ValidIssuers.");
        }
        else if (parameters.ValidateIssuer && !metadata && string.IsNullOrWhiteSpace(parameters.ValidIssuer) && !HasAny(parameters.ValidIssuers))
        {
            Add(nameof(TokenValidationParameters.ValidIssuers), "is empty, so every token is rejected (IDX10204).", "Set ValidIssuer or ValidIssuers to the issuer of your tokens, or use an Authority.");
        }

        // Keys and algorithms.
        var keys = new List<SecurityKey>();
        if (parameters.IssuerSigningKey is not null)
        {
            keys.Add(parameters.IssuerSigningKey);
        }

        if (parameters.IssuerSigningKeys is not null)
        {
            keys.AddRange(parameters.IssuerSigningKeys.Where(k => k is not null));
        }

        var hasResolver = parameters.IssuerSigningKeyResolver is not null || parameters.IssuerSigningKeyResolverUsingConfiguration is not null;
        if (parameters.IssuerSigningKeyResolver is not null && !CheckedResolver.IsChecked(parameters.IssuerSigningKeyResolver))
        {
            Add(nameof(TokenValidationParameters.IssuerSigningKeyResolver), "supplies keys that no start-up check sees: a resolver can return a weak or well-known secret, or public key material as an HMAC key.", "Wrap it so every key it returns is checked: StrictTokenValidation.CheckedKeyResolver(resolver); or list the keys in IssuerSigningKeys.");
        }

        if (parameters.IssuerSigningKeyResolverUsingConfiguration is not null && !CheckedResolver.IsChecked(parameters.IssuerSigningKeyResolverUsingConfiguration))
        {
            Add(nameof(TokenValidationParameters.IssuerSigningKeyResolverUsingConfiguration), "supplies keys that no start-up check sees.", "Wrap it with StrictTokenValidation.CheckedKeyResolver(resolver), or let the handler pick keys from the metadata.");
        }

        if (parameters.TypeValidator is not null && !StrictTokenChecks.IsOurs(parameters.TypeValidator))
        {
            Add(nameof(TokenValidationParameters.TypeValidator), "replaces the 'typ' header check with a delegate, so tokens of another type (refresh+jwt, dpop+jwt, id tokens) can be accepted as access tokens.", "Remove it and list the accepted types in ValidTypes (StrictJwtOptions.ValidTypes).");
        }

        if (parameters.ConfigurationManager is { } manager)
        {
            keys.AddRange(StaticMetadataKeys(manager, issues));
        }

        if (keys.Count == 0 && !hasResolver && !metadata)
        {
            Add(nameof(TokenValidationParameters.IssuerSigningKeys), "is empty, so every signed token is rejected (IDX10500).", "Add the signing key: SigningKeys.LoadHmacKey(configuration) for HMAC, SigningKeys.FromPublicKeyPem(pem) for RSA/EC, or use an Authority.");
        }

        var algorithms = (parameters.ValidAlgorithms ?? Enumerable.Empty<string>()).Where(a => !string.IsNullOrWhiteSpace(a)).Select(Normalize).ToList();
        if (parameters.AlgorithmValidator is not null)
        {
            Add(nameof(TokenValidationParameters.AlgorithmValidator), "replaces algorithm pinning with a delegate.", "Remove it and list the accepted algorithms in ValidAlgorithms.");
        }
        else if (algorithms.Count == 0)
        {
            Add(nameof(TokenValidationParameters.ValidAlgorithms), "is empty, so any algorithm the keys support is accepted (algorithm confusion, RFC 8725 section 3.1).", "List the algorithms your issuer uses, for example new[] { SecurityAlgorithms.RsaSha256 }; StrictTokenValidation.Create derives them from the keys.");
        }

        if (algorithms.Any(JwtAlgorithms.IsNone))
        {
            Add(nameof(TokenValidationParameters.ValidAlgorithms), "contains 'none', which accepts unsigned tokens that anyone can forge.", "Remove 'none'.");
        }

        var kinds = keys.Select(JwtAlgorithms.Classify).ToList();
        var mixed = kinds.Contains(JwtAlgorithms.KeyKind.Symmetric)
            && (kinds.Contains(JwtAlgorithms.KeyKind.Rsa) || kinds.Contains(JwtAlgorithms.KeyKind.Ecdsa) || metadata);
        if (mixed)
        {
            if (algorithms.Count == 0)
            {
                Add(nameof(TokenValidationParameters.IssuerSigningKeys), "mixes symmetric (HMAC) and asymmetric (RSA/EC) keys while ValidAlgorithms is empty; an HS256 token signed with public key material could be accepted (algorithm confusion).", "Use one key type per scheme, or set ValidAlgorithms to one family.");
            }
            else if (algorithms.Any(JwtAlgorithms.IsHmac) && algorithms.Any(JwtAlgorithms.IsAsymmetricAlgorithm))
            {
                Add(nameof(TokenValidationParameters.ValidAlgorithms), "admits both HMAC and asymmetric algorithms while both key types are configured (algorithm confusion).", "Use a separate authentication scheme per key type.");
            }
        }

        var minimumHmacBytes = algorithms.Select(JwtAlgorithms.HmacMinimumBytes).Where(m => m is not null).Select(m => m!.Value).DefaultIfEmpty(32).Max();
        var hmacAlgorithm = algorithms.Where(JwtAlgorithms.IsHmac).OrderByDescending(a => JwtAlgorithms.HmacMinimumBytes(a)).FirstOrDefault() ?? SecurityAlgorithms.HmacSha256;
        issues.AddRange(CheckKeys(keys, nameof(TokenValidationParameters.IssuerSigningKeys), minimumHmacBytes, hmacAlgorithm));

        if (parameters.IncludeTokenOnFailedValidation)
        {
            Add(nameof(TokenValidationParameters.IncludeTokenOnFailedValidation), "is true, so rejected tokens are kept on the validation result, from where they tend to reach logs.", "Remove the assignment (the default is false).");
        }

        return issues;
    }

    /// <summary>
    /// Wraps <paramref name="resolver"/> so that every key it returns is checked like configured keys (weak,
    /// well-known or public-key-derived HMAC keys, short RSA keys, EC keys on other curves are refused with
    /// <see cref="SecurityTokenInvalidSigningKeyException"/>). <see cref="Audit"/> accepts a wrapped resolver and
    /// reports an unwrapped one, so a resolver plugged in by a later <c>Configure</c> fails the start-up check.
    /// </summary>
    /// <param name="resolver">The resolver to wrap.</param>
    /// <returns>The checked resolver.</returns>
    public static IssuerSigningKeyResolver CheckedKeyResolver(IssuerSigningKeyResolver resolver)
    {
        if (resolver is null)
        {
            throw new ArgumentNullException(nameof(resolver));
        }

        return new CheckedResolver(resolver, null).Resolve;
    }

    /// <summary>As <see cref="CheckedKeyResolver(IssuerSigningKeyResolver)"/>, for resolvers that use the OpenID Connect configuration.</summary>
    /// <param name="resolver">The resolver to wrap.</param>
    /// <returns>The checked resolver.</returns>
    public static IssuerSigningKeyResolverUsingConfiguration CheckedKeyResolver(IssuerSigningKeyResolverUsingConfiguration resolver)
    {
        if (resolver is null)
        {
            throw new ArgumentNullException(nameof(resolver));
        }

        return new CheckedResolver(null, resolver).ResolveUsingConfiguration;
    }

    /// <summary>Keys of a static configuration manager (known at start-up): checked like configured keys; symmetric keys in metadata are refused.</summary>
    internal static IEnumerable<SecurityKey> StaticMetadataKeys(object manager, List<JwtConfigurationIssue> issues)
    {
        var type = manager.GetType();
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Microsoft.IdentityModel.Protocols.StaticConfigurationManager<>))
        {
            return Array.Empty<SecurityKey>();
        }

        BaseConfiguration? configuration = null;
        if (manager is BaseConfigurationManager baseManager)
        {
            configuration = baseManager.GetBaseConfigurationAsync(System.Threading.CancellationToken.None).GetAwaiter().GetResult();
        }

        return MetadataKeys(configuration, "ConfigurationManager", issues);
    }

    /// <summary>Checks the keys of a metadata document supplied in code (static configuration).</summary>
    internal static IEnumerable<SecurityKey> MetadataKeys(BaseConfiguration? configuration, string property, List<JwtConfigurationIssue> issues)
    {
        var keys = configuration?.SigningKeys?.Where(k => k is not null).ToList() ?? new List<SecurityKey>();
        foreach (var key in keys.Where(k => JwtAlgorithms.Classify(k) == JwtAlgorithms.KeyKind.Symmetric))
        {
            issues.Add(new JwtConfigurationIssue(property, "supplies a symmetric (HMAC) signing key as metadata. Metadata and JWKS documents are public, so a symmetric key in them lets anyone sign tokens.", "Publish only public RSA or EC keys in metadata; keep HMAC secrets in IssuerSigningKeys loaded with SigningKeys.LoadHmacKey."));
        }

        issues.AddRange(CheckKeys(keys.Where(k => JwtAlgorithms.Classify(k) != JwtAlgorithms.KeyKind.Symmetric), property + ".SigningKeys", 32, SecurityAlgorithms.HmacSha256));
        return Array.Empty<SecurityKey>();
    }

    /// <summary>A resolver whose keys are checked before use.</summary>
    internal sealed class CheckedResolver
    {
        private readonly IssuerSigningKeyResolver? resolver;
        private readonly IssuerSigningKeyResolverUsingConfiguration? resolverUsingConfiguration;

        internal CheckedResolver(IssuerSigningKeyResolver? resolver, IssuerSigningKeyResolverUsingConfiguration? resolverUsingConfiguration)
        {
            this.resolver = resolver;
            this.resolverUsingConfiguration = resolverUsingConfiguration;
        }

        internal static bool IsChecked(Delegate resolver) => resolver.Target is CheckedResolver;

        internal IEnumerable<SecurityKey> Resolve(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters) =>
            Check(resolver!(token, securityToken, kid, parameters));

        internal IEnumerable<SecurityKey> ResolveUsingConfiguration(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters, BaseConfiguration configuration) =>
            Check(resolverUsingConfiguration!(token, securityToken, kid, parameters, configuration));

        private static IEnumerable<SecurityKey> Check(IEnumerable<SecurityKey>? keys)
        {
            var list = keys?.Where(k => k is not null).ToList() ?? new List<SecurityKey>();
            var issue = CheckKeys(list, "resolved key", 32, SecurityAlgorithms.HmacSha256).FirstOrDefault();
            if (issue is not null)
            {
                throw new SecurityTokenInvalidSigningKeyException($"A key returned by the issuer signing key resolver was refused: {issue.Property} {issue.Problem}");
            }

            return list;
        }
    }

    private static bool HasAny(IEnumerable<string>? values) => values is not null && values.Any(v => !string.IsNullOrWhiteSpace(v));
}
