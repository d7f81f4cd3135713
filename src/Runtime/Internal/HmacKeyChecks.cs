using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace JwtAnalyzers.Runtime.Internal;

/// <summary>
/// Checks on HMAC key material. Each method returns <see langword="null"/> when the key is acceptable, or a sentence
/// saying what is wrong. The sentences never contain the key.
/// </summary>
/// <remarks>
/// The heuristic, in order (documented in README.md):
/// <list type="number">
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

    /// <summary>Checks the string exactly as configured (before base64 decoding).</summary>
    internal static string? CheckConfiguredString(string value)
    {
        if (WellKnownSecrets.Contains(value))
        {
            return "is a well-known secret (it appears in tutorials, documentation or public JWT cracking word lists), so anyone can forge tokens with it.";
        }

        var marker = FindMarker(value, PlaceholderMarkers) ?? FindMarker(value, TemplateMarkers);
        if (marker is not null)
        {
            return $"looks like a placeholder (it contains \"{marker}\"), not a generated secret.";
        }

        return null;
    }

    /// <summary>Checks decoded key bytes against the algorithm's minimum size and the weak-key heuristic.</summary>
    internal static string? CheckBytes(byte[] key, int minimumBytes, string algorithm)
    {
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

    private static string? FindMarker(string value, IEnumerable<string> markers)
    {
        foreach (var marker in markers)
        {
            if (value.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return marker;
            }
        }

        return null;
    }
}
