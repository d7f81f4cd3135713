using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Internal;

/// <summary>Algorithm families and key-type classification.</summary>
internal static class JwtAlgorithms
{
    internal static readonly string[] Rsa =
    {
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    };

    internal static readonly string[] Ecdsa =
    {
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    };

    internal static readonly string[] Asymmetric = Rsa.Concat(Ecdsa).ToArray();

    internal const int MinimumRsaKeyBits = 2048;

    /// <summary>Minimum HMAC key size in bytes, or <see langword="null"/> when the algorithm is not HMAC.</summary>
    internal static int? HmacMinimumBytes(string? algorithm) => algorithm switch
    {
        SecurityAlgorithms.HmacSha256 or SecurityAlgorithms.HmacSha256Signature => 32,
        SecurityAlgorithms.HmacSha384 or SecurityAlgorithms.HmacSha384Signature => 48,
        SecurityAlgorithms.HmacSha512 or SecurityAlgorithms.HmacSha512Signature => 64,
        _ => null,
    };

    internal static bool IsHmac(string? algorithm) => HmacMinimumBytes(algorithm) is not null;

    internal static bool IsNone(string? algorithm) => string.Equals(algorithm?.Trim(), SecurityAlgorithms.None, StringComparison.OrdinalIgnoreCase);

    internal static bool IsAsymmetricAlgorithm(string? algorithm) =>
        algorithm is not null && (Asymmetric.Contains(algorithm)
            || algorithm.StartsWith("http://www.w3.org/2001/04/xmldsig-more#rsa", StringComparison.Ordinal)
            || algorithm.StartsWith("http://www.w3.org/2001/04/xmldsig-more#ecdsa", StringComparison.Ordinal)
            || algorithm.StartsWith("http://www.w3.org/2007/05/xmldsig-more#sha", StringComparison.Ordinal));

    /// <summary>The HMAC algorithms (JWS names) a symmetric key of this size may be used with.</summary>
    internal static IEnumerable<string> HmacFor(int keyBytes)
    {
        if (keyBytes >= 32)
        {
            yield return SecurityAlgorithms.HmacSha256;
        }

        if (keyBytes >= 48)
        {
            yield return SecurityAlgorithms.HmacSha384;
        }

        if (keyBytes >= 64)
        {
            yield return SecurityAlgorithms.HmacSha512;
        }
    }

    internal enum KeyKind
    {
        Unknown,
        Symmetric,
        Rsa,
        Ecdsa,
    }

    internal static KeyKind Classify(SecurityKey key)
    {
        switch (key)
        {
            case SymmetricSecurityKey:
                return KeyKind.Symmetric;
            case RsaSecurityKey:
                return KeyKind.Rsa;
            case ECDsaSecurityKey:
                return KeyKind.Ecdsa;
            case X509SecurityKey x509:
                return x509.Certificate.GetRSAPublicKey() is not null ? KeyKind.Rsa
                    : x509.Certificate.GetECDsaPublicKey() is not null ? KeyKind.Ecdsa : KeyKind.Unknown;
            case JsonWebKey jwk:
                return jwk.Kty switch
                {
                    JsonWebAlgorithmsKeyTypes.Octet => KeyKind.Symmetric,
                    JsonWebAlgorithmsKeyTypes.RSA => KeyKind.Rsa,
                    JsonWebAlgorithmsKeyTypes.EllipticCurve => KeyKind.Ecdsa,
                    _ => KeyKind.Unknown,
                };
            default:
                return KeyKind.Unknown;
        }
    }

    /// <summary>The algorithms a key may verify: HMAC by key size, the RSA family, ECDSA by curve.</summary>
    internal static IEnumerable<string> AlgorithmsFor(SecurityKey key)
    {
        switch (Classify(key))
        {
            case KeyKind.Symmetric:
                return HmacFor(SymmetricKeyBytes(key)?.Length ?? key.KeySize / 8);
            case KeyKind.Rsa:
                return Rsa;
            case KeyKind.Ecdsa:
                var size = EcdsaKeySize(key);
                return size switch
                {
                    256 => new[] { SecurityAlgorithms.EcdsaSha256 },
                    384 => new[] { SecurityAlgorithms.EcdsaSha384 },
                    521 => new[] { SecurityAlgorithms.EcdsaSha512 },
                    _ => Ecdsa,
                };
            default:
                return Array.Empty<string>();
        }
    }

    /// <summary>The NIST curves JWS uses (RFC 7518 section 3.4): P-256, P-384, P-521.</summary>
    internal static bool IsJwtCurve(ECCurve curve) =>
        curve.Oid?.Value is "1.2.840.10045.3.1.7" or "1.3.132.0.34" or "1.3.132.0.35"
        || curve.Oid?.FriendlyName is "nistP256" or "nistP384" or "nistP521" or "ECDSA_P256" or "ECDSA_P384" or "ECDSA_P521";

    /// <summary>Whether an EC key (ECDsaSecurityKey, certificate or JWK) is on a JWS curve; true for other key types.</summary>
    internal static bool IsJwtCurve(SecurityKey key)
    {
        try
        {
            return key switch
            {
                ECDsaSecurityKey ec => IsJwtCurve(ec.ECDsa.ExportParameters(false).Curve),
                X509SecurityKey x509 when x509.Certificate.GetECDsaPublicKey() is { } ec => IsJwtCurve(ec.ExportParameters(false).Curve),
                JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve } jwk => jwk.Crv is JsonWebKeyECTypes.P256 or JsonWebKeyECTypes.P384 or JsonWebKeyECTypes.P521,
                _ => true,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// How messages name a configured algorithm: a recognised JWS/JWE algorithm name is quoted; anything else is not
    /// repeated, because a secret pasted into the wrong setting would otherwise land in start-up logs.
    /// </summary>
    internal static string Describe(string? algorithm) =>
        algorithm is not null && (IsHmac(algorithm) || IsAsymmetricAlgorithm(algorithm) || IsNone(algorithm) || Encryption.Contains(algorithm))
            ? $"'{algorithm}'"
            : "a value that is not a JWS algorithm name (not repeated here, in case it is a secret pasted into the wrong setting)";

    /// <summary>JWE key-management and content-encryption algorithm names IdentityModel supports.</summary>
    internal static readonly string[] Encryption =
    {
        SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.RsaOaepKeyWrap, "RSA-OAEP-256", SecurityAlgorithms.Aes128KW, SecurityAlgorithms.Aes192KW, SecurityAlgorithms.Aes256KW,
        SecurityAlgorithms.Aes128CbcHmacSha256, SecurityAlgorithms.Aes192CbcHmacSha384, SecurityAlgorithms.Aes256CbcHmacSha512,
        SecurityAlgorithms.Aes128Gcm, SecurityAlgorithms.Aes192Gcm, SecurityAlgorithms.Aes256Gcm, "dir",
    };

    internal static byte[]? SymmetricKeyBytes(SecurityKey key) => key switch
    {
        SymmetricSecurityKey symmetric => symmetric.Key,
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.Octet, K: { } k } => Base64UrlEncoder.DecodeBytes(k),
        _ => null,
    };

    internal static int? RsaKeySize(SecurityKey key) => key switch
    {
        RsaSecurityKey rsa => rsa.KeySize,
        X509SecurityKey x509 => x509.Certificate.GetRSAPublicKey()?.KeySize,
        JsonWebKey jwk => jwk.KeySize,
        _ => null,
    };

    private static int? EcdsaKeySize(SecurityKey key) => key switch
    {
        ECDsaSecurityKey ec => ec.ECDsa.KeySize,
        X509SecurityKey x509 => x509.Certificate.GetECDsaPublicKey()?.KeySize,
        JsonWebKey jwk => jwk.Crv switch
        {
            JsonWebKeyECTypes.P256 => 256,
            JsonWebKeyECTypes.P384 => 384,
            JsonWebKeyECTypes.P521 => 521,
            _ => null,
        },
        _ => null,
    };
}
