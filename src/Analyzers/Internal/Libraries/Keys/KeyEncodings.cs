using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>Pure helpers of the key evaluation: how many bytes an encoding or a decoding produces, literal byte arrays, combining candidates.</summary>
internal static class KeyEncodings
{
    internal static KeyCandidate Encode(StringCandidate value, string encoding)
    {
        if (value.Source != KeySource.Literal)
        {
            return new KeyCandidate(value.Source, null, null, null);
        }

        return new KeyCandidate(KeySource.Literal, value.Value is null ? null : EncodedLength(value.Value, encoding), value.Value, value.Seed);
    }

    internal static int? EncodedLength(string text, string encoding)
    {
        try
        {
            return encoding switch
            {
                "UTF8" or "Default" or "UTF8Encoding" => Encoding.UTF8.GetByteCount(text),
                "ASCII" or "ASCIIEncoding" => Encoding.ASCII.GetByteCount(text),
                "Unicode" or "BigEndianUnicode" or "UnicodeEncoding" => Encoding.Unicode.GetByteCount(text),
                "UTF32" or "UTF32Encoding" => Encoding.UTF32.GetByteCount(text),
                "Latin1" => Latin1ByteCount(text),
#pragma warning disable CS0618, SYSLIB0001 // UTF-7 is obsolete, but code that uses it still gets keys of this length.
                "UTF7" => Encoding.UTF7.GetByteCount(text),
#pragma warning restore CS0618, SYSLIB0001
                _ => null,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    internal static int Latin1ByteCount(string text)
    {
        try
        {
            return Encoding.GetEncoding(28591).GetByteCount(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // Latin-1 maps every UTF-16 code unit to one byte ('?' for the ones it cannot represent).
            return text.Length;
        }
    }

    internal static List<StringCandidate> Map(List<StringCandidate> values, Func<string, string?> map)
    {
        var result = new List<StringCandidate>(values.Count);
        foreach (var value in values)
        {
            if (value.Source != KeySource.Literal || value.Value is null)
            {
                result.Add(value.Source == KeySource.Literal ? value : StringCandidate.Unknown);
                continue;
            }

            var mapped = map(value.Value);
            result.Add(mapped is null ? StringCandidate.Unknown : new StringCandidate(KeySource.Literal, mapped, value.Seed ?? value.Value));
        }

        return result;
    }

    internal static List<StringCandidate> Concatenate(List<StringCandidate> left, List<StringCandidate> right)
    {
        var result = new List<StringCandidate>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (l.Source != KeySource.Literal || r.Source != KeySource.Literal)
                {
                    // "prefix" + config["x"]: the key is not made of literals only.
                    result.Add(StringCandidate.Unknown);
                }
                else
                {
                    result.Add(new StringCandidate(KeySource.Literal, l.Value is null || r.Value is null ? null : l.Value + r.Value, null));
                }

                if (result.Count > KeyEvaluator.MaxCandidates)
                {
                    return [StringCandidate.Unknown];
                }
            }
        }

        return result;
    }

    internal static List<T> Union<T>(List<T> left, List<T> right)
    {
        var result = new List<T>(left.Count + right.Count);
        result.AddRange(left);
        result.AddRange(right);
        return result;
    }

    internal static KeyCandidate FromElements(List<Optional<object?>> elements)
    {
        var bytes = new byte[elements.Count];
        for (var i = 0; i < elements.Count; i++)
        {
            if (!elements[i].HasValue || elements[i].Value is null)
            {
                // [.. other] or a non-constant element: not literal-only.
                return KeyCandidate.Unknown;
            }

            try
            {
                bytes[i] = unchecked((byte)System.Convert.ToInt64(elements[i].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                return KeyCandidate.Unknown;
            }
        }

        return new KeyCandidate(KeySource.Literal, bytes.Length, AsPrintableAscii(bytes), null);
    }

    internal static string? AsPrintableAscii(byte[] bytes)
    {
        if (bytes.Length == 0 || bytes.Any(b => b is < 0x20 or > 0x7E))
        {
            return null;
        }

        return Encoding.ASCII.GetString(bytes);
    }

    internal static KeyCandidate Decode(StringCandidate value, Func<string, int?> decodeLength)
    {
        if (value.Source != KeySource.Literal)
        {
            return new KeyCandidate(value.Source, null, null, null);
        }

        return new KeyCandidate(KeySource.Literal, value.Value is null ? null : decodeLength(value.Value), null, value.Value);
    }

    internal static int? DecodeBase64(string text)
    {
        try
        {
            return System.Convert.FromBase64String(text).Length;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static int? DecodeBase64Url(string text)
    {
        var base64 = text.Trim().Replace('-', '+').Replace('_', '/');
        switch (base64.Length % 4)
        {
            case 2:
                base64 += "==";
                break;
            case 3:
                base64 += "=";
                break;
        }

        return DecodeBase64(base64);
    }

    internal static int? DecodeHexLength(string text)
    {
        if (text.Length % 2 != 0 || !text.All(Uri.IsHexDigit))
        {
            return null;
        }

        return text.Length / 2;
    }
}
