using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Claims;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

public static partial class SafeTokenIssuer
{
    /// <summary>
    /// Signing credentials from the configuration section <paramref name="sectionName"/>: the HMAC secret
    /// <c>SigningKey</c> (base64, checked by <see cref="SigningKeys.LoadHmacKey"/>) with <c>Algorithm</c>
    /// (HS256 when absent).
    /// </summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="sectionName">The section, <c>Jwt</c> by default.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="WeakSigningKeyException">The key is missing or weak.</exception>
    /// <exception cref="ArgumentException">The configured algorithm is not HMAC.</exception>
    public static SigningCredentials CredentialsFromConfiguration(IConfiguration configuration, string sectionName = "Jwt")
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        var algorithm = StrictTokenValidation.Normalize(configuration[ConfigurationPath.Combine(sectionName, "Algorithm")] is { Length: > 0 } configured ? configured : SecurityAlgorithms.HmacSha256);
        if (!JwtAlgorithms.IsHmac(algorithm))
        {
            throw new ArgumentException($"'{ConfigurationPath.Combine(sectionName, "Algorithm")}' is {JwtAlgorithms.Describe(algorithm)}, but '{ConfigurationPath.Combine(sectionName, "SigningKey")}' is an HMAC secret; use HS256, HS384 or HS512, or build SigningCredentials from your RSA/EC private key.", nameof(configuration));
        }

        return new SigningCredentials(SigningKeys.LoadHmacKey(configuration, ConfigurationPath.Combine(sectionName, "SigningKey"), algorithm), algorithm);
    }

    /// <summary>
    /// Signs a token carrying <paramref name="claims"/> with the settings of the section <paramref name="sectionName"/>:
    /// <c>Issuer</c> (or the first of <c>Issuers</c>), <c>Audience</c> (or the first of <c>Audiences</c>),
    /// <c>SigningKey</c> and optional <c>Algorithm</c> — the same keys <see cref="StrictTokenValidation.Create(IConfiguration, string, Action{StrictJwtOptions}?)"/> reads,
    /// so tokens issued here validate there.
    /// </summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="claims">The claims; must not include <c>exp</c>, <c>nbf</c> or <c>iat</c>.</param>
    /// <param name="lifetime">How long the token stays valid, at most <see cref="DefaultMaxLifetime"/>.</param>
    /// <param name="sectionName">The section, <c>Jwt</c> by default.</param>
    /// <returns>The compact JWT.</returns>
    /// <exception cref="InsecureJwtConfigurationException">The issuer or audience is not configured.</exception>
    /// <exception cref="WeakSigningKeyException">The key is missing or weak.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds one hour.</exception>
    public static string CreateToken(IConfiguration configuration, IEnumerable<Claim> claims, TimeSpan lifetime, string sectionName = "Jwt")
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        var section = configuration.GetSection(sectionName);
        var issuer = First(section, "Issuer", "Issuers");
        var audience = First(section, "Audience", "Audiences");
        var names = StrictTokenValidation.OptionNames.ForSection(sectionName);
        var issues = new List<JwtConfigurationIssue>();
        if (issuer is null)
        {
            issues.Add(names.MissingIssuer());
        }

        if (audience is null)
        {
            issues.Add(names.MissingAudience());
        }

        if (issues.Count > 0)
        {
            throw new InsecureJwtConfigurationException("Cannot issue a token: the configuration is incomplete.", issues);
        }

        return CreateToken(claims, CredentialsFromConfiguration(configuration, sectionName), issuer!, audience!, lifetime);
    }

    private static string? First(IConfigurationSection section, string single, string array)
    {
        var one = section[single];
        if (!string.IsNullOrWhiteSpace(one))
        {
            return one.Trim();
        }

        return section.GetSection(array).GetChildren().Select(c => c.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
    }
}
