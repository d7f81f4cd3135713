using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>Which API a key is handed to: decides how a fix can replace it.</summary>
internal enum SigningKeySinkKind
{
    /// <summary><c>new SymmetricSecurityKey(key)</c>: the whole creation can become <c>SigningKeys.LoadHmacKey(...)</c>.</summary>
    SymmetricSecurityKey,

    /// <summary>A Jwt.Net or jose-jwt key argument (<c>byte[]</c> or <c>string</c>): it can become <c>SigningKeys.LoadHmacKey(...).Key</c>.</summary>
    KeyArgument,

    /// <summary><c>JsonWebKey.K</c> (base64url of the key bytes): no fix.</summary>
    JsonWebKeyValue,
}

/// <summary>One key handed to a JWT library.</summary>
internal sealed class SigningKeySink
{
    public SigningKeySink(IOperation key, string apiName, SigningKeySinkKind kind, int requiredBytes, string? algorithm)
    {
        Key = key;
        ApiName = apiName;
        Kind = kind;
        RequiredBytes = requiredBytes;
        Algorithm = algorithm;
    }

    /// <summary>The key expression (the argument value).</summary>
    public IOperation Key { get; }

    /// <summary>The API named in messages, e.g. <c>SymmetricSecurityKey</c> or <c>JwtBuilder.WithSecret</c>.</summary>
    public string ApiName { get; }

    public SigningKeySinkKind Kind { get; }

    /// <summary>Bytes the HMAC algorithm used with the key needs (32/48/64); 0 when the key is not an HMAC key (encryption).</summary>
    public int RequiredBytes { get; }

    /// <summary>The algorithm the size comes from (<c>HS512</c>), or null when none is visible (HS256 assumed).</summary>
    public string? Algorithm { get; }
}
