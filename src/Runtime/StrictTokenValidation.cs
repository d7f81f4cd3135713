using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Builds strict <see cref="TokenValidationParameters"/> (signature, lifetime, expiry, audience and issuer all
/// validated; algorithms pinned to the key types; clock skew at most five minutes; key material checked) and audits
/// existing ones.
/// </summary>
public static partial class StrictTokenValidation
{
    /// <summary>Builds strict validation parameters from <paramref name="options"/>.</summary>
    /// <param name="options">Issuers, audiences, keys and optional algorithms, types and clock skew.</param>
    /// <returns>New parameters; every validation is on.</returns>
    /// <exception cref="InsecureJwtConfigurationException">
    /// An issuer, audience or key is missing; a key is weak; the clock skew is out of range; <c>none</c> is in the
    /// algorithms; or symmetric and asymmetric keys are mixed without explicit algorithms. Every issue is listed.
    /// </exception>
    public static TokenValidationParameters Create(StrictJwtOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        return Build(options, metadataSuppliesKeys: false, OptionNames.Code, new List<JwtConfigurationIssue>());
    }

    /// <summary>Builds strict validation parameters from options filled in by <paramref name="configure"/>.</summary>
    /// <param name="configure">Fills in issuers, audiences, keys and optional settings.</param>
    /// <returns>New parameters; every validation is on.</returns>
    /// <exception cref="InsecureJwtConfigurationException">See <see cref="Create(StrictJwtOptions)"/>.</exception>
    public static TokenValidationParameters Create(Action<StrictJwtOptions> configure)
    {
        if (configure is null)
        {
            throw new ArgumentNullException(nameof(configure));
        }

        var options = new StrictJwtOptions();
        configure(options);
        return Create(options);
    }

    /// <summary>
    /// Builds strict validation parameters from the configuration section <paramref name="sectionName"/>:
    /// <c>Issuer</c> or <c>Issuers</c> (array), <c>Audience</c> or <c>Audiences</c> (array), <c>SigningKey</c>
    /// (base64, loaded with <see cref="SigningKeys.LoadHmacKey"/>), and optionally <c>Algorithm</c>,
    /// <c>ClockSkew</c> (a TimeSpan such as <c>00:01:00</c>) and <c>ValidTypes</c> (array).
    /// <paramref name="configure"/> runs afterwards and may add values (for example an RSA key).
    /// </summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="sectionName">The section, <c>Jwt</c> by default.</param>
    /// <param name="configure">Optional: adds to or adjusts what was read.</param>
    /// <returns>New parameters; every validation is on.</returns>
    /// <exception cref="InsecureJwtConfigurationException">
    /// A value is missing or insecure; each issue names the exact configuration key to set (for example <c>Jwt:Audience</c>).
    /// </exception>
    /// <example>
    /// <code>
    /// // appsettings.json: { "Jwt": { "Issuer": "https://login.example.com", "Audience": "orders-api" } }
    /// // dotnet user-secrets set "Jwt:SigningKey" "$(openssl rand -base64 64)"
    /// var parameters = StrictTokenValidation.Create(builder.Configuration);
    /// </code>
    /// </example>
    public static TokenValidationParameters Create(IConfiguration configuration, string sectionName = "Jwt", Action<StrictJwtOptions>? configure = null)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        if (string.IsNullOrWhiteSpace(sectionName))
        {
            throw new ArgumentException("Pass the configuration section that holds the JWT settings, for example \"Jwt\".", nameof(sectionName));
        }

        var issues = new List<JwtConfigurationIssue>();
        var options = new StrictJwtOptions();
        var names = OptionNames.ForSection(sectionName);
        ReadSection(configuration.GetSection(sectionName), options, issues, names, out _);
        configure?.Invoke(options);
        return Build(options, metadataSuppliesKeys: false, names, issues);
    }

    /// <summary>The metadata endpoint settings read from a section (JwtBearer integration).</summary>
    internal sealed record MetadataSettings(string? Authority, string? MetadataAddress)
    {
        internal bool Present => Authority is not null || MetadataAddress is not null;
    }

    internal static void ReadSection(IConfiguration section, StrictJwtOptions options, List<JwtConfigurationIssue> issues, OptionNames names, out MetadataSettings metadata)
    {
        AddValues(options.ValidIssuers, section, "Issuer", "Issuers");
        AddValues(options.ValidAudiences, section, "Audience", "Audiences");
        AddValues(options.ValidTypes, section, "Type", "ValidTypes");
        AddValues(options.ValidAlgorithms, section, "Algorithm", "ValidAlgorithms");
        metadata = new MetadataSettings(NonBlank(section["Authority"]), NonBlank(section["MetadataAddress"]));
        var algorithm = options.ValidAlgorithms.Count > 0 ? options.ValidAlgorithms[0] : null;

        ReadTimeSpan(section, "ClockSkew", names, issues, value => options.ClockSkew = value, $"at most {Format(StrictJwtOptions.MaxClockSkew)}; or remove it to use one minute");
        ReadTimeSpan(section, "MaxTokenLifetime", names, issues, value => options.MaxTokenLifetime = value, $"for example \"01:00:00\"; or remove it to use {Format(StrictJwtOptions.DefaultMaxTokenLifetime)}");

        var configuredKey = section.GetSection("SigningKey").Value;
        if (configuredKey is not null)
        {
            options.SigningKeyConfigured = true;
            var keyName = names.Key("SigningKey");
            var hmac = algorithm is null ? SecurityAlgorithms.HmacSha256 : Normalize(algorithm);
            if (!JwtAlgorithms.IsHmac(hmac))
            {
                issues.Add(new JwtConfigurationIssue(
                    names.Key("Algorithm"),
                    $"is {JwtAlgorithms.Describe(algorithm)}, but '{keyName}' holds an HMAC secret, which only works with HS256, HS384 or HS512.",
                    $"Set '{names.Key("Algorithm")}' to HS256, HS384 or HS512, or remove '{keyName}' and supply the public key (SigningKeys.FromPublicKeyPem) or an Authority."));
            }
            else
            {
                try
                {
                    options.SigningKeys.Add(SigningKeys.FromConfigurationValue(configuredKey, keyName, hmac));
                }
                catch (WeakSigningKeyException e)
                {
                    issues.Add(new JwtConfigurationIssue(keyName, e.Message, $"Replace the value of '{keyName}' with a new random key, for example (in development, once per project: dotnet user-secrets init): dotnet user-secrets set \"{keyName}\" \"$(openssl rand -base64 64)\"."));
                }
            }
        }
    }

    private static void ReadTimeSpan(IConfiguration section, string name, OptionNames names, List<JwtConfigurationIssue> issues, Action<TimeSpan> set, string hint)
    {
        var text = NonBlank(section[name]);
        if (text is null)
        {
            return;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
        {
            set(parsed);
        }
        else
        {
            issues.Add(new JwtConfigurationIssue(names.Key(name), "is not a TimeSpan (hh:mm:ss).", $"Set '{names.Key(name)}' to hh:mm:ss, {hint}."));
        }
    }

    internal static TokenValidationParameters Build(StrictJwtOptions options, bool metadataSuppliesKeys, OptionNames names, List<JwtConfigurationIssue> issues)
    {
        var issuers = Clean(options.ValidIssuers);
        var audiences = Clean(options.ValidAudiences);
        var types = Clean(options.ValidTypes);
        var keys = options.SigningKeys.Where(k => k is not null).ToList();
        var algorithms = Clean(options.ValidAlgorithms).Select(Normalize).Distinct(StringComparer.Ordinal).ToList();

        if (issuers.Count == 0 && !metadataSuppliesKeys)
        {
            issues.Add(names.MissingIssuer());
        }

        if (audiences.Count == 0)
        {
            issues.Add(names.MissingAudience());
        }

        if (keys.Count == 0 && !metadataSuppliesKeys && !options.SigningKeyConfigured && !issues.Any(i => i.Property == names.Keys))
        {
            issues.Add(names.MissingKey());
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > StrictJwtOptions.MaxClockSkew)
        {
            issues.Add(new JwtConfigurationIssue(
                names.ClockSkew,
                $"is {Format(options.ClockSkew)}; it must be between zero and {Format(StrictJwtOptions.MaxClockSkew)}, otherwise expired tokens stay usable that much longer.",
                $"Set it to one minute (the default) or at most {Format(StrictJwtOptions.MaxClockSkew)}; synchronise server clocks with NTP instead of widening the skew."));
        }

        foreach (var algorithm in algorithms)
        {
            if (JwtAlgorithms.IsNone(algorithm))
            {
                issues.Add(new JwtConfigurationIssue(names.Algorithms, "contains 'none', which accepts unsigned tokens that anyone can forge.", "Remove 'none'; list only the algorithms your issuer signs with, such as RS256 or HS256."));
            }
            else if (!JwtAlgorithms.IsHmac(algorithm) && !JwtAlgorithms.IsAsymmetricAlgorithm(algorithm) && !issues.Any(i => i.Property == names.Algorithms))
            {
                issues.Add(new JwtConfigurationIssue(names.Algorithms, $"contains {JwtAlgorithms.Describe(algorithm)}, which is not a JWS signing algorithm this library recognises.", "Use HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 or ES512."));
            }
        }

        var minimumHmacBytes = algorithms.Select(JwtAlgorithms.HmacMinimumBytes).Where(m => m is not null).Select(m => m!.Value).DefaultIfEmpty(32).Max();
        var hmacAlgorithm = algorithms.Where(JwtAlgorithms.IsHmac).OrderByDescending(a => JwtAlgorithms.HmacMinimumBytes(a)).FirstOrDefault() ?? SecurityAlgorithms.HmacSha256;
        var keyIssues = CheckKeys(keys, names.Keys, minimumHmacBytes, hmacAlgorithm).ToList();
        issues.AddRange(keyIssues);

        var kinds = keys.Select(JwtAlgorithms.Classify).ToList();
        var hasSymmetric = kinds.Contains(JwtAlgorithms.KeyKind.Symmetric);
        var hasAsymmetric = kinds.Contains(JwtAlgorithms.KeyKind.Rsa) || kinds.Contains(JwtAlgorithms.KeyKind.Ecdsa) || (metadataSuppliesKeys && keys.Count == 0);
        if (hasSymmetric && (hasAsymmetric || metadataSuppliesKeys))
        {
            if (algorithms.Count == 0)
            {
                issues.Add(new JwtConfigurationIssue(names.Algorithms, "is empty while both symmetric (HMAC) and asymmetric (RSA/EC) keys are configured; an attacker could sign an HS256 token with public key material (algorithm confusion, RFC 8725 section 2.1).", "Use one key type per scheme, or set the algorithms explicitly to one family."));
            }
            else if (algorithms.Any(JwtAlgorithms.IsHmac) && algorithms.Any(JwtAlgorithms.IsAsymmetricAlgorithm))
            {
                issues.Add(new JwtConfigurationIssue(names.Algorithms, "admits both HMAC and asymmetric algorithms while both key types are configured (algorithm confusion, RFC 8725 section 2.1).", "Use a separate authentication scheme per key type, each with the algorithms of its own keys."));
            }
        }

        if (algorithms.Count == 0)
        {
            algorithms = keys.Count == 0 && metadataSuppliesKeys
                ? JwtAlgorithms.Asymmetric.ToList()
                : keys.SelectMany(JwtAlgorithms.AlgorithmsFor).Distinct(StringComparer.Ordinal).ToList();
            if (metadataSuppliesKeys && !hasSymmetric)
            {
                algorithms = algorithms.Union(JwtAlgorithms.Asymmetric, StringComparer.Ordinal).ToList();
            }
        }
        else if (keys.Count > 0 && keyIssues.Count == 0 && !metadataSuppliesKeys && algorithms.All(a => JwtAlgorithms.IsHmac(a) || JwtAlgorithms.IsAsymmetricAlgorithm(a)) && !keys.Any(k => JwtAlgorithms.AlgorithmsFor(k).Intersect(algorithms, StringComparer.Ordinal).Any()))
        {
            issues.Add(new JwtConfigurationIssue(names.Algorithms, $"({string.Join(", ", algorithms)}) matches none of the configured keys, so every token would be rejected.", "List the algorithms your keys sign with: HS* for symmetric keys (by key size), RS*/PS* for RSA keys, ES* for EC keys."));
        }

        if (options.MaxTokenLifetime <= TimeSpan.Zero)
        {
            issues.Add(new JwtConfigurationIssue(names.MaxTokenLifetime, $"is {Format(options.MaxTokenLifetime)}; it must be positive.", $"Remove it to use {Format(StrictJwtOptions.DefaultMaxTokenLifetime)}, or set the longest lifetime your issuer gives tokens (for example 01:00:00)."));
        }

        var decryptionKeys = options.DecryptionKeys.Where(k => k is not null).ToList();
        var encryptionAlgorithms = EncryptionAlgorithmsFor(decryptionKeys, names, issues);

        if (issues.Count > 0)
        {
            throw new InsecureJwtConfigurationException("Cannot create strict JWT validation parameters.", issues);
        }

        var checks = new StrictTokenChecks(options.MaxTokenLifetime, types, options.RequireType);
        var parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuers = issuers.Count > 0 ? issuers : null,
            ValidateAudience = true,
            RequireAudience = true,
            ValidAudiences = audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeys = keys.Count > 0 ? keys : null,
            ValidAlgorithms = algorithms,
            ValidTypes = types.Count > 0 ? types : null,
            ClockSkew = options.ClockSkew,
            IncludeTokenOnFailedValidation = false,
            IgnoreTrailingSlashWhenValidatingAudience = false,
            TokenDecryptionKeys = decryptionKeys.Count > 0 ? decryptionKeys : null,
        };
        if (encryptionAlgorithms.Count > 0)
        {
            parameters.ValidAlgorithms = algorithms.Concat(encryptionAlgorithms).Distinct(StringComparer.Ordinal).ToList();
        }

        checks.Install(parameters);
        return parameters;
    }

    /// <summary>
    /// The JWE algorithms the decryption keys work with: RSA-OAEP and RSA-OAEP-256 for RSA keys; AES key wrap and
    /// <c>dir</c> by size for symmetric keys; plus every content-encryption algorithm. RSA1_5 is never added.
    /// </summary>
    private static List<string> EncryptionAlgorithmsFor(List<SecurityKey> keys, OptionNames names, List<JwtConfigurationIssue> issues)
    {
        var result = new List<string>();
        if (keys.Count == 0)
        {
            return result;
        }

        var index = 0;
        foreach (var key in keys)
        {
            var label = $"{names.DecryptionKeys}[{index++}]";
            switch (JwtAlgorithms.Classify(key))
            {
                case JwtAlgorithms.KeyKind.Rsa:
                    if (JwtAlgorithms.RsaKeySize(key) is > 0 and < JwtAlgorithms.MinimumRsaKeyBits)
                    {
                        issues.Add(new JwtConfigurationIssue(label, $"is an RSA key of {JwtAlgorithms.RsaKeySize(key)} bits; at least {JwtAlgorithms.MinimumRsaKeyBits} bits are required.", "Generate a key pair of 2048 bits or more (3072 recommended)."));
                    }

                    result.Add(SecurityAlgorithms.RsaOAEP);
                    result.Add("RSA-OAEP-256");
                    break;
                case JwtAlgorithms.KeyKind.Symmetric:
                    var size = JwtAlgorithms.SymmetricKeyBytes(key)?.Length ?? key.KeySize / 8;
                    switch (size)
                    {
                        case 16:
                            result.Add(SecurityAlgorithms.Aes128KW);
                            result.Add("dir");
                            break;
                        case 24:
                            result.Add(SecurityAlgorithms.Aes192KW);
                            result.Add("dir");
                            break;
                        case 32:
                            result.Add(SecurityAlgorithms.Aes256KW);
                            result.Add("dir");
                            break;
                        case 48:
                        case 64:
                            result.Add("dir");
                            break;
                        default:
                            issues.Add(new JwtConfigurationIssue(label, $"is a symmetric key of {size} bytes; JWE needs 16, 24 or 32 bytes (AES key wrap, A*GCM) or 32, 48 or 64 bytes (dir with A*CBC-HS*).", "Generate a key of the size your encryption algorithm needs, for example 32 random bytes for A256KW."));
                            break;
                    }

                    break;
                default:
                    issues.Add(new JwtConfigurationIssue(label, $"is a {key.GetType().Name}; decryption keys must be RSA or symmetric keys.", "Use an RsaSecurityKey with the private key, or a SymmetricSecurityKey."));
                    break;
            }
        }

        result.AddRange(new[]
        {
            SecurityAlgorithms.Aes128CbcHmacSha256, SecurityAlgorithms.Aes192CbcHmacSha384, SecurityAlgorithms.Aes256CbcHmacSha512,
            SecurityAlgorithms.Aes128Gcm, SecurityAlgorithms.Aes192Gcm, SecurityAlgorithms.Aes256Gcm,
        });
        return result.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Checks symmetric key material and RSA key sizes; shared with <see cref="Audit(TokenValidationParameters)"/>.</summary>
    internal static IEnumerable<JwtConfigurationIssue> CheckKeys(IEnumerable<SecurityKey> keys, string property, int minimumHmacBytes, string hmacAlgorithm)
    {
        var index = 0;
        foreach (var key in keys)
        {
            var label = $"{property}[{index++}]";
            switch (JwtAlgorithms.Classify(key))
            {
                case JwtAlgorithms.KeyKind.Symmetric:
                    var bytes = JwtAlgorithms.SymmetricKeyBytes(key);
                    if (bytes is null)
                    {
                        yield return new JwtConfigurationIssue(label, "is a symmetric key without key material.", "Load the key with SigningKeys.LoadHmacKey.");
                        break;
                    }

                    var weakness = HmacKeyChecks.CheckBytes(bytes, minimumHmacBytes, hmacAlgorithm);
                    if (weakness is not null)
                    {
                        yield return new JwtConfigurationIssue(label, "The symmetric key " + weakness, "Generate a random key (SigningKeys.GenerateBase64Secret() or openssl rand -base64 64), store it in configuration and load it with SigningKeys.LoadHmacKey.");
                    }

                    break;
                case JwtAlgorithms.KeyKind.Rsa:
                    var size = JwtAlgorithms.RsaKeySize(key);
                    if (size is > 0 and < JwtAlgorithms.MinimumRsaKeyBits)
                    {
                        yield return new JwtConfigurationIssue(label, $"is an RSA key of {size} bits; at least {JwtAlgorithms.MinimumRsaKeyBits} bits are required.", "Generate a key pair of 2048 bits or more (3072 recommended).");
                    }

                    break;
                case JwtAlgorithms.KeyKind.Ecdsa:
                    if (!JwtAlgorithms.IsJwtCurve(key))
                    {
                        yield return new JwtConfigurationIssue(label, "is an EC key on a curve JWT does not use; only P-256 (ES256), P-384 (ES384) and P-521 (ES512) are accepted (RFC 7518 section 3.4).", "Generate the key pair on P-256, for example: openssl ecparam -name prime256v1 -genkey.");
                    }

                    break;
                default:
                    yield return new JwtConfigurationIssue(label, $"is a {key.GetType().Name}, which is not a symmetric, RSA or EC signing key.", "Use SymmetricSecurityKey, RsaSecurityKey, ECDsaSecurityKey, X509SecurityKey or a JsonWebKey of kty oct, RSA or EC.");
                    break;
            }
        }
    }

    internal static string Normalize(string algorithm) => algorithm.Trim() switch
    {
        SecurityAlgorithms.HmacSha256Signature => SecurityAlgorithms.HmacSha256,
        SecurityAlgorithms.HmacSha384Signature => SecurityAlgorithms.HmacSha384,
        SecurityAlgorithms.HmacSha512Signature => SecurityAlgorithms.HmacSha512,
        SecurityAlgorithms.RsaSha256Signature => SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384Signature => SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512Signature => SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256Signature => SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.RsaSsaPssSha384Signature => SecurityAlgorithms.RsaSsaPssSha384,
        SecurityAlgorithms.RsaSsaPssSha512Signature => SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256Signature => SecurityAlgorithms.EcdsaSha256,
        SecurityAlgorithms.EcdsaSha384Signature => SecurityAlgorithms.EcdsaSha384,
        SecurityAlgorithms.EcdsaSha512Signature => SecurityAlgorithms.EcdsaSha512,
        var other => other,
    };

    internal static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static List<string> Clean(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToList();

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void AddValues(IList<string> target, IConfiguration section, string single, string array)
    {
        var one = NonBlank(section[single]);
        if (one is not null)
        {
            target.Add(one);
        }

        foreach (var child in section.GetSection(array).GetChildren())
        {
            var value = NonBlank(child.Value);
            if (value is not null)
            {
                target.Add(value);
            }
        }
    }

    /// <summary>How issues name the settings: <see cref="StrictJwtOptions"/> members in code, configuration keys otherwise.</summary>
    internal sealed class OptionNames
    {
        internal static readonly OptionNames Code = new(null);

        private readonly string? section;

        private OptionNames(string? section) => this.section = section;

        internal static OptionNames ForSection(string section) => new(section);

        internal string ClockSkew => section is null ? "StrictJwtOptions.ClockSkew" : Key("ClockSkew");

        internal string Algorithms => section is null ? "StrictJwtOptions.ValidAlgorithms" : Key("Algorithm");

        internal string Keys => section is null ? "StrictJwtOptions.SigningKeys" : Key("SigningKey");

        internal string MaxTokenLifetime => section is null ? "StrictJwtOptions.MaxTokenLifetime" : Key("MaxTokenLifetime");

        internal string DecryptionKeys => "StrictJwtOptions.DecryptionKeys";

        internal string Key(string name) => ConfigurationPath.Combine(section ?? "Jwt", name);

        internal JwtConfigurationIssue MissingIssuer() => section is null
            ? new("StrictJwtOptions.ValidIssuers", "is empty: the issuer ('iss') of accepted tokens is not configured.", "Add the issuer your tokens carry, for example options.ValidIssuers.Add(\"https://login.example.com\").")
            : new(Key("Issuer"), "is not set: the issuer ('iss') of accepted tokens is not configured.", $"Set '{Key("Issuer")}' (or the array '{Key("Issuers")}') to the issuer your tokens carry, for example in appsettings.json {{ \"{section}\": {{ \"Issuer\": \"https://login.example.com\" }} }} or the environment variable {Env("Issuer")}; or set '{Key("Authority")}' to read it from OpenID Connect metadata (AddStrictJwtBearer).");

        internal JwtConfigurationIssue MissingAudience() => section is null
            ? new("StrictJwtOptions.ValidAudiences", "is empty: the audience ('aud') of accepted tokens is not configured, so tokens issued for other applications could be replayed here.", "Add this API's audience, for example options.ValidAudiences.Add(\"orders-api\").")
            : new(Key("Audience"), "is not set: the audience ('aud') of accepted tokens is not configured, so tokens issued for other applications could be replayed here.", $"Set '{Key("Audience")}' (or the array '{Key("Audiences")}') to this API's audience, for example in appsettings.json {{ \"{section}\": {{ \"Audience\": \"orders-api\" }} }} or the environment variable {Env("Audience")}.");

        internal JwtConfigurationIssue MissingKey() => section is null
            ? new("StrictJwtOptions.SigningKeys", "is empty: no key to verify token signatures with.", "Add a key, for example options.SigningKeys.Add(SigningKeys.LoadHmacKey(configuration)) or SigningKeys.FromPublicKeyPem(publicKeyPem).")
            : new(Key("SigningKey"), "is not set: no key to verify token signatures with.", $"Store a random base64 key outside the source code, for example (in development, once per project: dotnet user-secrets init): dotnet user-secrets set \"{Key("SigningKey")}\" \"$(openssl rand -base64 64)\" (environment variable {Env("SigningKey")} in production, or SigningKeys.GenerateBase64Secret()); or set '{Key("Authority")}' to read keys from OpenID Connect metadata (AddStrictJwtBearer).");

        private string Env(string name) => Key(name).Replace(":", "__");
    }
}
