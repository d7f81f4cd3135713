using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Loads, checks and generates JWT signing keys. HMAC secrets are read as base64 (or base64url) of random bytes and
/// refused when missing, malformed, shorter than the algorithm needs (32/48/64 bytes for HS256/384/512), well known,
/// placeholders, passphrases or visibly non-random. Errors are <see cref="WeakSigningKeyException"/>s that say what is
/// wrong and how to generate a key; they never contain key material. Nothing here falls back to a built-in secret.
/// </summary>
public static partial class SigningKeys
{
    /// <summary>The number of random bytes <see cref="GenerateBase64Secret"/> and <see cref="Generate"/> produce by default (512 bits).</summary>
    public const int DefaultGeneratedKeyBytes = 64;

    /// <summary>
    /// Reads a base64-encoded HMAC secret from configuration (user secrets, environment variables, a key vault
    /// provider...) and checks it for <paramref name="algorithm"/>. The key gets its RFC 7638 JWK thumbprint as
    /// <c>KeyId</c>, the <c>kid</c> that <see cref="SafeTokenIssuer"/> writes.
    /// </summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="configurationPath">The configuration path of the value, <c>Jwt:SigningKey</c> by default (environment variable <c>Jwt__SigningKey</c>).</param>
    /// <param name="algorithm">The HMAC algorithm the key will be used with; decides the minimum key size.</param>
    /// <returns>The checked key.</returns>
    /// <exception cref="WeakSigningKeyException">The value is missing, not base64, too short, well known, guessable, a passphrase, or public key material.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    /// <example><code>var key = SigningKeys.LoadHmacKey(builder.Configuration, "Jwt:SigningKey");</code></example>
    public static SymmetricSecurityKey LoadHmacKey(IConfiguration configuration, string configurationPath = "Jwt:SigningKey", string algorithm = SecurityAlgorithms.HmacSha256)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        if (string.IsNullOrWhiteSpace(configurationPath))
        {
            throw new ArgumentException("Pass the configuration path that holds the signing key, for example \"Jwt:SigningKey\".", nameof(configurationPath));
        }

        var minimum = MinimumKeyBytes(algorithm);
        var source = KeySource.Configuration(configurationPath);
        return FromString(configuration[configurationPath], algorithm, minimum, source);
    }

    /// <summary>A value already read from configuration at <paramref name="configurationPath"/> (messages name the path).</summary>
    internal static SymmetricSecurityKey FromConfigurationValue(string? value, string configurationPath, string algorithm) =>
        FromString(value, algorithm, MinimumKeyBytes(algorithm), KeySource.Configuration(configurationPath));

    /// <summary>
    /// As <see cref="LoadHmacKey"/>, but returns the checked key bytes, for libraries that take raw HMAC keys
    /// (Jwt.Net <c>WithSecret</c>, jose-jwt <c>JWT.Encode</c>/<c>JWT.Decode</c>).
    /// </summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="configurationPath">The configuration path of the value, <c>Jwt:SigningKey</c> by default.</param>
    /// <param name="algorithm">The HMAC algorithm the key will be used with; decides the minimum key size.</param>
    /// <returns>A new array holding the key bytes.</returns>
    /// <exception cref="WeakSigningKeyException">The value is missing, not base64, too short, well known or guessable.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static byte[] LoadHmacKeyBytes(IConfiguration configuration, string configurationPath = "Jwt:SigningKey", string algorithm = SecurityAlgorithms.HmacSha256) =>
        (byte[])LoadHmacKey(configuration, configurationPath, algorithm).Key.Clone();

    /// <summary>As <see cref="FromEnvironment"/>, but returns the checked key bytes (for Jwt.Net and jose-jwt).</summary>
    /// <param name="variable">The environment variable name, for example <c>JWT_SIGNING_KEY</c>.</param>
    /// <param name="algorithm">The HMAC algorithm the key will be used with; decides the minimum key size.</param>
    /// <returns>A new array holding the key bytes.</returns>
    /// <exception cref="WeakSigningKeyException">The variable is unset, not base64, too short, well known or guessable.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static byte[] BytesFromEnvironment(string variable, string algorithm = SecurityAlgorithms.HmacSha256) =>
        (byte[])FromEnvironment(variable, algorithm).Key.Clone();

    /// <summary>Reads a base64-encoded HMAC secret from an environment variable and checks it for <paramref name="algorithm"/>.</summary>
    /// <param name="variable">The environment variable name, for example <c>JWT_SIGNING_KEY</c>.</param>
    /// <param name="algorithm">The HMAC algorithm the key will be used with; decides the minimum key size.</param>
    /// <returns>The checked key.</returns>
    /// <exception cref="WeakSigningKeyException">The variable is unset, not base64, too short, well known or guessable.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static SymmetricSecurityKey FromEnvironment(string variable, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        if (string.IsNullOrWhiteSpace(variable))
        {
            throw new ArgumentException("Pass the name of the environment variable that holds the signing key, for example \"JWT_SIGNING_KEY\".", nameof(variable));
        }

        var minimum = MinimumKeyBytes(algorithm);
        return FromString(Environment.GetEnvironmentVariable(variable), algorithm, minimum, KeySource.Environment(variable));
    }

    /// <summary>Decodes a base64 (or base64url) HMAC secret and checks it for <paramref name="algorithm"/>.</summary>
    /// <param name="base64">The base64 text of at least 32/48/64 random bytes.</param>
    /// <param name="algorithm">The HMAC algorithm the key will be used with; decides the minimum key size.</param>
    /// <returns>The checked key.</returns>
    /// <exception cref="WeakSigningKeyException">The value is empty, not base64, too short, well known or guessable.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static SymmetricSecurityKey FromBase64(string base64, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var minimum = MinimumKeyBytes(algorithm);
        return FromString(base64, algorithm, minimum, KeySource.Direct);
    }

    /// <summary>Checks raw HMAC key bytes for <paramref name="algorithm"/> and wraps a copy of them in a key.</summary>
    /// <param name="key">At least 32/48/64 random bytes, for example from <see cref="RandomNumberGenerator.GetBytes(int)"/>.</param>
    /// <param name="algorithm">The HMAC algorithm the key will be used with; decides the minimum key size.</param>
    /// <returns>The checked key.</returns>
    /// <exception cref="WeakSigningKeyException">The key is empty, too short, well known or guessable.</exception>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static SymmetricSecurityKey FromBytes(byte[] key, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var minimum = MinimumKeyBytes(algorithm);
        if (key is null || key.Length == 0)
        {
            throw Missing(KeySource.Direct);
        }

        return Checked((byte[])key.Clone(), algorithm, minimum, KeySource.Direct);
    }

    /// <summary>
    /// Loads a public key for verifying RS*/PS*/ES* tokens from PEM text: <c>-----BEGIN PUBLIC KEY-----</c> (RSA or EC),
    /// <c>-----BEGIN RSA PUBLIC KEY-----</c> or <c>-----BEGIN CERTIFICATE-----</c>. The result is always an
    /// asymmetric key, never a <see cref="SymmetricSecurityKey"/> made from the PEM bytes (the RS256-to-HS256 key
    /// confusion attack). Private keys are refused: a verifier needs only the public key.
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <returns>An <see cref="RsaSecurityKey"/>, <see cref="ECDsaSecurityKey"/> or <see cref="X509SecurityKey"/>.</returns>
    /// <exception cref="WeakSigningKeyException">The text is empty, holds a private key, is not a supported public key, or the RSA key is shorter than 2048 bits.</exception>
    public static SecurityKey FromPublicKeyPem(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new WeakSigningKeyException("The public key PEM is missing or empty. Pass the text of a PEM public key (-----BEGIN PUBLIC KEY-----), for example the output of: openssl pkey -in private.pem -pubout");
        }

        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new WeakSigningKeyException("The PEM text holds a private key. Token validation needs only the public key: extract it with 'openssl pkey -in private.pem -pubout', keep the private key with the token issuer, and rotate it if it was committed or shared.");
        }

        if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(pem);
            }
            catch (CryptographicException)
            {
                throw new WeakSigningKeyException("The PEM certificate could not be read. Pass a single PEM-encoded X.509 certificate (-----BEGIN CERTIFICATE-----).");
            }

            var rsaBits = certificate.GetRSAPublicKey()?.KeySize;
            if (rsaBits is < JwtAlgorithms.MinimumRsaKeyBits)
            {
                throw WeakRsa(rsaBits.Value);
            }

            if (rsaBits is null && certificate.GetECDsaPublicKey() is null)
            {
                throw new WeakSigningKeyException("The certificate's public key is neither RSA nor EC, so it cannot verify RS*, PS* or ES* tokens.");
            }

            if (rsaBits is null && !JwtAlgorithms.IsJwtCurve(new X509SecurityKey(certificate)))
            {
                throw WrongCurve();
            }

            return new X509SecurityKey(certificate);
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            if (rsa.KeySize < JwtAlgorithms.MinimumRsaKeyBits)
            {
                var bits = rsa.KeySize;
                rsa.Dispose();
                throw WeakRsa(bits);
            }

            return new RsaSecurityKey(rsa);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ecdsa.Dispose();
            throw new WeakSigningKeyException("The text is not a PEM-encoded RSA or EC public key. Expected -----BEGIN PUBLIC KEY-----, -----BEGIN RSA PUBLIC KEY----- or -----BEGIN CERTIFICATE-----. For HMAC secrets use SigningKeys.LoadHmacKey or SigningKeys.FromBase64 instead.");
        }

        var ecKey = new ECDsaSecurityKey(ecdsa);
        if (!JwtAlgorithms.IsJwtCurve(ecKey))
        {
            ecdsa.Dispose();
            throw WrongCurve();
        }

        return ecKey;
    }

    private static WeakSigningKeyException WrongCurve() =>
        new("The EC public key is on a curve JWT does not use. Only P-256 (ES256), P-384 (ES384) and P-521 (ES512) are accepted (RFC 7518 section 3.4); generate the key pair on P-256, for example: openssl ecparam -name prime256v1 -genkey.");

    /// <summary>
    /// Generates a new random secret with <see cref="RandomNumberGenerator"/> and returns it as base64, ready to
    /// store in user secrets, an environment variable or a key vault.
    /// </summary>
    /// <param name="bytes">The number of random bytes: at least 32; 64 (512 bits) by default, enough for HS512.</param>
    /// <returns>The base64 text of the random bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is less than 32.</exception>
    public static string GenerateBase64Secret(int bytes = DefaultGeneratedKeyBytes)
    {
        if (bytes < 32)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "An HMAC secret needs at least 32 random bytes (HS256); use 64 for any HMAC algorithm.");
        }

        var buffer = RandomNumberGenerator.GetBytes(bytes);
        try
        {
            return Convert.ToBase64String(buffer);
        }
        finally
        {
            Array.Clear(buffer);
        }
    }

    /// <summary>
    /// Generates a new random HMAC key with <see cref="RandomNumberGenerator"/>: 64 bytes, or more if the algorithm
    /// needs it. Useful for tests and for keys that live only in memory; keys that must survive a restart belong in
    /// configuration (see <see cref="GenerateBase64Secret"/>).
    /// </summary>
    /// <param name="algorithm">The HMAC algorithm the key will be used with.</param>
    /// <returns>A new random key.</returns>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static SymmetricSecurityKey Generate(string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var size = Math.Max(DefaultGeneratedKeyBytes, MinimumKeyBytes(algorithm));
        return new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(size));
    }

    /// <summary>
    /// The minimum HMAC key size in bytes for an algorithm: 32 for HS256, 48 for HS384, 64 for HS512 (the hash
    /// output size, RFC 7518 section 3.2), also for the XML-DSig aliases such as <see cref="SecurityAlgorithms.HmacSha256Signature"/>.
    /// </summary>
    /// <param name="algorithm">An HMAC algorithm.</param>
    /// <returns>32, 48 or 64.</returns>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static int MinimumKeyBytes(string algorithm)
    {
        return JwtAlgorithms.HmacMinimumBytes(algorithm)
            ?? throw new ArgumentException(
                JwtAlgorithms.IsNone(algorithm)
                    ? "'none' is not a signing algorithm: unsigned tokens can be forged by anyone. Use HS256/HS384/HS512 with a random secret, or RS256/ES256 with a key pair."
                    : $"'{algorithm}' is not an HMAC algorithm (expected HS256, HS384, HS512 or their XML-DSig aliases). For RSA or EC public keys use SigningKeys.FromPublicKeyPem.",
                nameof(algorithm));
    }

    /// <summary>Checks key bytes; returns the problem sentence (without key material) or <see langword="null"/>.</summary>
    internal static string? FindWeakness(byte[] key, string algorithm)
    {
        var minimum = JwtAlgorithms.HmacMinimumBytes(algorithm) ?? 32;
        return HmacKeyChecks.CheckBytes(key, minimum, algorithm);
    }

    private static SymmetricSecurityKey FromString(string? value, string algorithm, int minimum, KeySource source)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Missing(source);
        }

        var problem = HmacKeyChecks.CheckConfiguredString(value!);
        if (problem is not null)
        {
            throw Weak(source, problem);
        }

        if (!HmacKeyChecks.TryDecodeBase64(value!, out var bytes))
        {
            throw new WeakSigningKeyException(
                $"{source.Describe()} is not valid base64. The value must be the base64 text of random bytes, not a passphrase. {source.Guidance(minimum)}",
                source.Name);
        }

        return Checked(bytes, algorithm, minimum, source);
    }

    private static SymmetricSecurityKey Checked(byte[] bytes, string algorithm, int minimum, KeySource source)
    {
        var problem = HmacKeyChecks.CheckBytes(bytes, minimum, algorithm);
        if (problem is not null)
        {
            Array.Clear(bytes);
            throw Weak(source, problem);
        }

        var key = new SymmetricSecurityKey(bytes);
        key.KeyId = KeyIdFor(key);
        return key;
    }

    /// <summary>The RFC 7638 JWK thumbprint of a key (base64url), used as its <c>kid</c>; null when it cannot be computed.</summary>
    internal static string? KeyIdFor(SecurityKey key)
    {
        try
        {
            return key.CanComputeJwkThumbprint() ? Base64UrlEncoder.Encode(key.ComputeJwkThumbprint()) : null;
        }
        catch (Exception e) when (e is NotSupportedException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static WeakSigningKeyException Missing(KeySource source) =>
        new($"{source.Describe()} is missing or empty. {source.Guidance(32)}", source.Name);

    private static WeakSigningKeyException Weak(KeySource source, string problem) =>
        new($"{source.Describe()} {problem} {source.Guidance(32)} If this key was ever used, rotate it: tokens signed with it can be forged.", source.Name);

    private static WeakSigningKeyException WeakRsa(int bits) =>
        new($"The RSA public key is {bits} bits; at least {JwtAlgorithms.MinimumRsaKeyBits} bits are required (NIST SP 800-131A). Generate a new key pair, for example: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072");

    private sealed class KeySource
    {
        internal static readonly KeySource Direct = new(null, null);

        private readonly string? configurationKey;
        private readonly string? environmentVariable;

        private KeySource(string? configurationKey, string? environmentVariable)
        {
            this.configurationKey = configurationKey;
            this.environmentVariable = environmentVariable;
        }

        internal string? Name => configurationKey ?? environmentVariable;

        internal static KeySource Configuration(string key) => new(key, null);

        internal static KeySource Environment(string variable) => new(null, variable);

        internal string Describe() =>
            configurationKey is not null ? $"The JWT signing key in configuration key '{configurationKey}'"
            : environmentVariable is not null ? $"The JWT signing key in environment variable '{environmentVariable}'"
            : "The JWT signing key";

        internal string Guidance(int minimumBytes)
        {
            var size = Math.Max(DefaultGeneratedKeyBytes, minimumBytes);
            if (configurationKey is not null)
            {
                return $"Store a random base64 key of at least {minimumBytes} bytes outside the source code: in development run dotnet user-secrets init (once per project), then dotnet user-secrets set \"{configurationKey}\" \"$(openssl rand -base64 {size})\"; in production set the environment variable {configurationKey.Replace(":", "__")} or use a key vault. SigningKeys.GenerateBase64Secret() also produces a suitable value.";
            }

            if (environmentVariable is not null)
            {
                return $"Set it to a random base64 key of at least {minimumBytes} bytes, for example: export {environmentVariable}=\"$(openssl rand -base64 {size})\" (SigningKeys.GenerateBase64Secret() also produces a suitable value).";
            }

            return $"Use at least {minimumBytes} random bytes: generate them with SigningKeys.GenerateBase64Secret() or openssl rand -base64 {size}, store them in configuration and load them with SigningKeys.LoadHmacKey.";
        }
    }
}
