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

        if (parameters.LifetimeValidator is not null)
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

    private static bool HasAny(IEnumerable<string>? values) => values is not null && values.Any(v => !string.IsNullOrWhiteSpace(v));
}
