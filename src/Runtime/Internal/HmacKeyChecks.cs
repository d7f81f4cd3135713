using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace JwtAnalyzers.Runtime.Internal;

/// <summary>
/// Checks on HMAC key material. Each method returns <see langword="null"/> when the key is acceptable, or a sentence
/// saying what is wrong. The sentences never contain the key.
/// </summary>
/// <remarks>
/// The heuristic, in order (documented in README.md):
/// <list type="number">
/// <item>the material is public key material (<see cref="FindPublicKeyMaterial"/>): PEM or JSON text, DER of a key or
/// certificate, an RSA modulus;</item>
/// <item>the configured string has the shape of a passphrase (<see cref="PassphraseShapeWords"/>);</item>
/// <item>the configured string, or the decoded bytes read as UTF-8 text, is in the well-known secrets list
/// (case-insensitive, trimmed);</item>
/// <item>either contains a placeholder marker (<see cref="PlaceholderMarkers"/>), or the configured string contains
/// template syntax (<see cref="TemplateMarkers"/>);</item>
/// <item>the key is shorter than the algorithm's hash output (32/48/64 bytes);</item>
/// <item>every byte is the same, the bytes repeat a shorter block, or they form an arithmetic sequence (0,1,2,...);</item>
/// <item>the decoded bytes are printable text containing a passphrase word (<see cref="PassphraseWords"/>):
/// a human-chosen password, not random bytes (RFC 8725 section 3.5);</item>
/// <item>the Shannon entropy of the byte histogram times the length is below 128 bits.</item>
/// </list>
/// Random keys from <c>RandomNumberGenerator</c> or <c>openssl rand</c> pass every check with overwhelming probability.
/// </remarks>
internal static class HmacKeyChecks
{
    internal const double MinimumEstimatedEntropyBits = 128;

    internal static readonly string[] PlaceholderMarkers =
    {
        "changeme", "change-me", "change_me", "change me", "changethis", "change-this", "change_this",
        "replace", "placeholder", "your-", "your_", "yoursecret", "yourkey", "your secret", "your key",
        "example", "insert",
    };

    /// <summary>Markers only checked on the configured string: template syntax that is never part of base64.</summary>
    internal static readonly string[] TemplateMarkers = { "<", ">", "{{", "}}", "${", "%" };

    /// <summary>Words of six characters or more, so that a random printable password contains one by chance with
    /// probability below one in a million.</summary>
    internal static readonly string[] PassphraseWords =
    {
        "secret", "password", "passwd", "passphrase", "signing", "default", "sample", "qwerty", "letmein",
        "123456", "abcdef",
    };

    /// <summary>
    /// Common words human passphrases are made of, looked for (case-insensitively) in the configured string itself,
    /// before base64 decoding, because a passphrase of 43 or more letters and digits is also valid base64. The string
    /// has a passphrase shape when it contains one word of eight letters or more, two of five or more, or three of
    /// any length here (four or more). In a random base64 string of 88 characters that happens about once in 40
    /// million keys (each letter matches a given one with probability 1/32).
    /// </summary>
    internal static readonly string[] PassphraseShapeWords =
    {
        // 8 letters or more: one is enough
        "password", "passphrase", "generation", "generated", "authentication", "authorization", "application",
        "development", "production", "encryption", "something", "audience", "security", "signature", "mysecretkey",
        "supersecret", "jwtsecret", "secretkey", "signingkey", "12345678", "abcdefgh", "verylong", "important",
        "computer", "elephant", "sunshine", "football", "baseball", "whatever", "internet", "dragonfly",
        // 5 to 7 letters: two are enough
        "secret", "super", "token", "signing", "secure", "private", "random", "string", "hello", "world", "please",
        "change", "sample", "default", "qwerty", "letmein", "123456", "abcdef", "strong", "access", "refresh",
        "bearer", "issuer", "server", "client", "admin", "horse", "battery", "correct", "staple", "company",
        "project", "example", "testing", "master", "dragon", "monkey", "shadow", "longer", "really", "should",
        "never", "guess", "nobody", "anyone", "would", "could", "there", "their", "about", "after", "other",
        // 4 letters: three are enough
        "this", "that", "with", "your", "very", "long", "test", "demo", "make", "sure", "good", "best", "love",
        "from", "have", "here", "auth", "user", "pass", "word", "keys", "safe", "hard", "easy", "mine", "what",
    };

    /// <summary>Why the material is not an HMAC secret but a public key, certificate or key file, or <see langword="null"/>.</summary>
    internal const string PublicKeyFix = "An HMAC secret must be random bytes known only to the issuer and the validators: public key material is published, so anyone holding it could sign HS256 tokens that this key accepts (RS256-to-HS256 key confusion, RFC 8725 section 2.1). For RSA or EC keys use SigningKeys.FromPublicKeyPem (validation) or an Authority; for HMAC generate a random secret.";

    /// <summary>Checks the string exactly as configured (before base64 decoding).</summary>
    internal static string? CheckConfiguredString(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0 || trimmed.IndexOf("-----END", StringComparison.Ordinal) >= 0)
        {
            return "is PEM text (it has -----BEGIN/-----END armour): a public key, certificate or key file, not an HMAC secret. " + PublicKeyFix;
        }

        if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
        {
            return "is JSON (a JWK or JWKS), not an HMAC secret. " + PublicKeyFix;
        }

        if (WellKnownSecrets.Contains(value))
        {
            return "is a well-known secret (it appears in tutorials, documentation or public JWT cracking word lists), so anyone can forge tokens with it.";
        }

        var marker = FindMarker(value, PlaceholderMarkers) ?? FindMarker(value, TemplateMarkers);
        if (marker is not null)
        {
            return $"looks like a placeholder (it contains \"{marker}\"), not a generated secret.";
        }

        var words = PassphraseShapeWords.Where(w => value.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
        if (words.Any(w => w.Length >= 8) || words.Count(w => w.Length >= 5) >= 2 || words.Count >= 3)
        {
            return $"has the shape of a human-chosen passphrase (the configured text contains the words {string.Join(", ", words.Select(w => "\"" + w + "\""))}), not the base64 of random bytes; even when such text happens to be valid base64 it falls to offline brute force of any captured token (RFC 8725 section 3.5).";
        }

        return null;
    }

    /// <summary>
    /// Whether key bytes are (or encode) public key material rather than a secret: PEM text, JSON (JWK/JWKS), DER of
    /// a public key, certificate or private key, the base64 text of such DER, or an RSA modulus (a JWKS <c>n</c>
    /// value: 256, 384 or 512 bytes, top bit set, odd, no prime factor below 2000). Returns the sentence, or null.
    /// </summary>
    internal static string? FindPublicKeyMaterial(byte[] bytes)
    {
        var text = AsUtf8Text(bytes);
        if (text is not null)
        {
            var trimmed = text.Trim();
            if (trimmed.Contains("-----BEGIN", StringComparison.Ordinal) || trimmed.Contains("PUBLIC KEY", StringComparison.Ordinal) || trimmed.Contains("CERTIFICATE", StringComparison.Ordinal))
            {
                return "is made from PEM text (a public key, certificate or key file), not random bytes. " + PublicKeyFix;
            }

            if (trimmed.StartsWith("{", StringComparison.Ordinal) && (trimmed.Contains("\"kty\"", StringComparison.Ordinal) || trimmed.Contains("\"keys\"", StringComparison.Ordinal) || trimmed.Contains("\"n\"", StringComparison.Ordinal)))
            {
                return "is made from JSON (a JWK or JWKS), not random bytes. " + PublicKeyFix;
            }

            // The base64 body of a PEM file, base64-encoded once more (or read as UTF-8 text).
            if (trimmed.Length >= 64 && TryDecodeBase64(trimmed, out var inner) && IsDerKey(inner))
            {
                return "is the base64 text of a DER public key, certificate or key file, not random bytes. " + PublicKeyFix;
            }
        }

        if (IsDerKey(bytes))
        {
            return "decodes to a DER-encoded public key, certificate or key file (the body of a PEM file), not random bytes. " + PublicKeyFix;
        }

        if (LooksLikeRsaModulus(bytes))
        {
            return $"looks like an RSA modulus (a JWK/JWKS 'n' value: {bytes.Length * 8} bits, top bit set, odd and without small prime factors), which is public. " + PublicKeyFix + " (A random key of exactly this size is refused by this check about once in thirty tries: use 64 random bytes.)";
        }

        return null;
    }

    private static readonly Lazy<int[]> SmallPrimes = new(() =>
    {
        var primes = new List<int>();
        for (var n = 3; n < 2000; n += 2)
        {
            if (primes.TrueForAll(p => p * p > n || n % p != 0))
            {
                primes.Add(n);
            }
        }

        return primes.ToArray();
    });

    internal static bool LooksLikeRsaModulus(byte[] bytes)
    {
        if (bytes.Length is not (256 or 384 or 512) || (bytes[0] & 0x80) == 0 || (bytes[bytes.Length - 1] & 1) == 0)
        {
            return false;
        }

        foreach (var prime in SmallPrimes.Value)
        {
            var remainder = 0;
            foreach (var b in bytes)
            {
                remainder = ((remainder << 8) | b) % prime;
            }

            if (remainder == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>DER of a SubjectPublicKeyInfo (RSA or EC), a PKCS#1 RSA public or private key, an X.509 certificate, a PKCS#8 or SEC1 private key.</summary>
    internal static bool IsDerKey(byte[] bytes)
    {
        if (bytes.Length < 16 || bytes[0] != 0x30)
        {
            return false;
        }

        static bool Try(Action action)
        {
            try
            {
                action();
                return true;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException or System.Formats.Asn1.AsnContentException)
            {
                return false;
            }
        }

        using var rsa = RSA.Create();
        using var ec = ECDsa.Create();
        return Try(() => rsa.ImportSubjectPublicKeyInfo(bytes, out _))
            || Try(() => ec.ImportSubjectPublicKeyInfo(bytes, out _))
            || Try(() => rsa.ImportRSAPublicKey(bytes, out _))
            || Try(() => rsa.ImportRSAPrivateKey(bytes, out _))
            || Try(() => rsa.ImportPkcs8PrivateKey(bytes, out _))
            || Try(() => ec.ImportPkcs8PrivateKey(bytes, out _))
            || Try(() => ec.ImportECPrivateKey(bytes, out _))
            || IsCertificate(bytes)
            || IsSubjectPublicKeyInfo(bytes);
    }

    private static bool IsCertificate(byte[] bytes)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(bytes);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Any SubjectPublicKeyInfo (also Ed25519 and other algorithms .NET cannot import): SEQUENCE { SEQUENCE { OID ... }, BIT STRING } covering every byte.</summary>
    private static bool IsSubjectPublicKeyInfo(byte[] bytes)
    {
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(bytes, System.Formats.Asn1.AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            if (reader.HasData)
            {
                return false;
            }

            var algorithm = spki.ReadSequence();
            algorithm.ReadObjectIdentifier();
            spki.ReadBitString(out _);
            return !spki.HasData;
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Checks decoded key bytes against the algorithm's minimum size and the weak-key heuristic.</summary>
    internal static string? CheckBytes(byte[] key, int minimumBytes, string algorithm)
    {
        var publicKey = FindPublicKeyMaterial(key);
        if (publicKey is not null)
        {
            return publicKey;
        }

        var utf8 = AsUtf8Text(key);
        if (utf8 is not null)
        {
            if (WellKnownSecrets.Contains(utf8))
            {
                return "decodes to a well-known secret (it appears in tutorials, documentation or public JWT cracking word lists), so anyone can forge tokens with it.";
            }

            var marker = FindMarker(utf8, PlaceholderMarkers);
            if (marker is not null)
            {
                return $"decodes to a placeholder text (it contains \"{marker}\"), not a generated secret.";
            }
        }

        if (key.Length < minimumBytes)
        {
            return $"is {key.Length * 8} bits ({key.Length} bytes) long, but {algorithm} needs at least {minimumBytes * 8} bits ({minimumBytes} bytes) of key (RFC 7518 section 3.2). Microsoft.IdentityModel would reject it later with IDX10720 when signing or validating tokens.";
        }

        var text = AsPrintableText(key);
        var pattern = FindPattern(key);
        if (pattern is not null)
        {
            return pattern;
        }

        if (text is not null)
        {
            var word = FindMarker(text, PassphraseWords);
            if (word is not null)
            {
                return $"decodes to a human-chosen passphrase (printable text containing \"{word}\"), not random bytes; such secrets fall to offline brute force of any captured token (RFC 8725 section 3.5).";
            }
        }

        var bits = EstimatedEntropyBits(key);
        if (bits < MinimumEstimatedEntropyBits)
        {
            return $"has too little entropy (about {Math.Floor(bits)} bits estimated from its byte distribution, at least {MinimumEstimatedEntropyBits} expected); it is not random.";
        }

        return null;
    }

    internal static string? FindPattern(byte[] key)
    {
        if (key.Length < 2)
        {
            return null;
        }

        var allSame = true;
        for (var i = 1; i < key.Length && allSame; i++)
        {
            allSame = key[i] == key[0];
        }

        if (allSame)
        {
            return "has every byte equal, so it is trivially guessable.";
        }

        for (var period = 2; period <= key.Length / 2; period++)
        {
            var repeats = true;
            for (var i = period; i < key.Length && repeats; i++)
            {
                repeats = key[i] == key[i - period];
            }

            if (repeats)
            {
                return $"repeats the same {period}-byte block, so it has no more strength than that block.";
            }
        }

        var step = (byte)(key[1] - key[0]);
        var sequence = true;
        for (var i = 2; i < key.Length && sequence; i++)
        {
            sequence = (byte)(key[i] - key[i - 1]) == step;
        }

        if (sequence)
        {
            return "is a simple byte sequence (each byte differs from the previous one by the same amount), so it is trivially guessable.";
        }

        return null;
    }

    internal static double EstimatedEntropyBits(byte[] key)
    {
        if (key.Length == 0)
        {
            return 0;
        }

        var counts = new int[256];
        foreach (var b in key)
        {
            counts[b]++;
        }

        double perByte = 0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / key.Length;
                perByte -= p * Math.Log(p, 2);
            }
        }

        return perByte * key.Length;
    }

    /// <summary>The bytes as UTF-8 text, or <see langword="null"/> when they are not valid UTF-8.</summary>
    internal static string? AsUtf8Text(byte[] key)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(key);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    internal static string? AsPrintableText(byte[] key)
    {
        foreach (var b in key)
        {
            if (b < 0x20 || b > 0x7E)
            {
                return null;
            }
        }

        return Encoding.ASCII.GetString(key);
    }

    /// <summary>
    /// Decodes standard base64 or base64url (padding optional). Whitespace anywhere is ignored, because
    /// <c>openssl rand -base64 64</c> wraps its output over two lines.
    /// </summary>
    internal static bool TryDecodeBase64(string value, out byte[] bytes)
    {
        var trimmed = new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray());
        bytes = Array.Empty<byte>();
        if (trimmed.Length == 0)
        {
            return false;
        }

        var normalized = trimmed.Replace('-', '+').Replace('_', '/');
        switch (normalized.Length % 4)
        {
            case 2:
                normalized += "==";
                break;
            case 3:
                normalized += "=";
                break;
            case 1:
                return false;
        }

        var buffer = new byte[normalized.Length * 3 / 4];
        if (!Convert.TryFromBase64String(normalized, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        Array.Clear(buffer);
        return written > 0;
    }

    /// <summary>
    /// The first marker written as a word of <paramref name="value"/>: at its start, after a separator or at a camel-case
    /// boundary, in lower case, upper case or capitalised (<c>your_secret</c>, <c>YOUR_SECRET</c>, <c>ReplaceMe</c>).
    /// Random base64 text spells a marker now and then in mixed case inside a run of letters; that is not a placeholder.
    /// </summary>
    private static string? FindMarker(string value, IEnumerable<string> markers)
    {
        foreach (var marker in markers)
        {
            for (var at = value.IndexOf(marker, StringComparison.OrdinalIgnoreCase); at >= 0; at = value.IndexOf(marker, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (StartsWord(value, at) && HasWordCase(value, at, marker.Length))
                {
                    return marker;
                }
            }
        }

        return null;
    }

    private static bool StartsWord(string value, int at)
        => at == 0
           || !char.IsLetterOrDigit(value[at - 1])
           || (char.IsUpper(value[at]) && char.IsLower(value[at - 1]));

    private static bool HasWordCase(string value, int at, int length)
    {
        var letters = value.Substring(at, length).Where(char.IsLetter).ToList();
        if (letters.Count == 0)
        {
            return true;
        }

        return letters.All(char.IsLower)
               || letters.All(char.IsUpper)
               || (char.IsUpper(letters[0]) && letters.Skip(1).All(char.IsLower));
    }
}
