using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>A string value of a JSON document with its configuration path (<c>Jwt:Key</c>, <c>Authentication:Schemes:Bearer:SigningKeys:0:Value</c>).</summary>
internal readonly struct JsonStringValue
{
    public JsonStringValue(string path, string value, TextSpan span)
    {
        Path = path;
        Value = value;
        Span = span;
    }

    public string Path { get; }

    public string Value { get; }

    /// <summary>The span of the string token, quotes included.</summary>
    public TextSpan Span { get; }
}

/// <summary>
/// A small, tolerant JSON reader for <c>appsettings*.json</c> (analyzers cannot carry System.Text.Json): accepts
/// comments and trailing commas like the configuration provider does, and on malformed input returns the values read
/// so far instead of throwing. Paths use the configuration syntax: sections joined by ':', array items by index.
/// </summary>
internal sealed class JsonSecretScanner
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<JsonStringValue> _values = new();
    private int _position;

    private JsonSecretScanner(string text)
    {
        _text = text;
    }

    public static List<JsonStringValue> ReadStrings(string text)
    {
        var scanner = new JsonSecretScanner(text);
        try
        {
            scanner.SkipTrivia();
            scanner.ReadValue(string.Empty, 0);
        }
        catch (JsonSyntaxException)
        {
            // Malformed JSON: keep what was read.
        }

        return scanner._values;
    }

    private sealed class JsonSyntaxException : System.Exception
    {
    }

    private void ReadValue(string path, int depth)
    {
        if (depth > MaxDepth || _position >= _text.Length)
        {
            throw new JsonSyntaxException();
        }

        switch (_text[_position])
        {
            case '{':
                ReadObject(path, depth);
                break;
            case '[':
                ReadArray(path, depth);
                break;
            case '"':
                var start = _position;
                var value = ReadString();
                _values.Add(new JsonStringValue(path, value, TextSpan.FromBounds(start, _position)));
                break;
            default:
                // number, true, false, null
                while (_position < _text.Length && _text[_position] is not (',' or '}' or ']') && !char.IsWhiteSpace(_text[_position]) && _text[_position] != '/')
                {
                    _position++;
                }

                break;
        }
    }

    private void ReadObject(string path, int depth)
    {
        _position++; // {
        SkipTrivia();
        while (_position < _text.Length && _text[_position] != '}')
        {
            if (_text[_position] != '"')
            {
                throw new JsonSyntaxException();
            }

            var name = ReadString();
            SkipTrivia();
            Expect(':');
            SkipTrivia();
            ReadValue(path.Length == 0 ? name : path + ":" + name, depth + 1);
            SkipTrivia();
            if (_position < _text.Length && _text[_position] == ',')
            {
                _position++;
                SkipTrivia();
            }
        }

        Expect('}');
    }

    private void ReadArray(string path, int depth)
    {
        _position++; // [
        SkipTrivia();
        var index = 0;
        while (_position < _text.Length && _text[_position] != ']')
        {
            var itemPath = index.ToString(CultureInfo.InvariantCulture);
            ReadValue(path.Length == 0 ? itemPath : path + ":" + itemPath, depth + 1);
            index++;
            SkipTrivia();
            if (_position < _text.Length && _text[_position] == ',')
            {
                _position++;
                SkipTrivia();
            }
        }

        Expect(']');
    }

    private void Expect(char c)
    {
        if (_position >= _text.Length || _text[_position] != c)
        {
            throw new JsonSyntaxException();
        }

        _position++;
    }

    private string ReadString()
    {
        _position++; // opening quote
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_position >= _text.Length)
            {
                break;
            }

            var escape = _text[_position++];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'u' when _position + 4 <= _text.Length
                              && int.TryParse(_text.Substring(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    _position += 4;
                    break;
                default: builder.Append(escape); break;
            }
        }

        throw new JsonSyntaxException();
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, System.StringComparison.Ordinal);
                _position = end < 0 ? _text.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }
}
