using System.Text.RegularExpressions;
using JwtAnalyzers.Internal.Flow;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>
/// The keys JWT010 and JWT016 read from a JSON payload literal. The scan replaced a regular expression whose time-out
/// made a finding depend on the machine's load; the expression stays here as the specification.
/// </summary>
public class PayloadEntriesTests
{
    private static readonly Regex Specification = new("\"([^\"\\\\]{1,100})\"\\s*:", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("{\"sub\":\"42\",\"name\":\"Ada\"}", new[] { "sub", "name" })]
    [InlineData("{ \"sub\" : \"42\" , \"exp\" :\t1700000000 }", new[] { "sub", "exp" })]
    [InlineData("{\"a\\\"b\":1}", new[] { "b" })]
    [InlineData("{\"\":1,\"x\":2}", new[] { "x" })]
    [InlineData("{\"url\":\"https://example.com\",\"k\":\"v:w\"}", new[] { "url", "k" })]
    [InlineData("{\"outer\":{\"inner\":[\"a\",\"b\"]},\"exp\":1}", new[] { "outer", "inner", "exp" })]
    [InlineData("no json here", new string[0])]
    [InlineData("\"unterminated", new string[0])]
    [InlineData("\"k\"", new string[0])]
    [InlineData("\"k\":", new[] { "k" })]
    [InlineData("\"k\"\n:\r\n", new[] { "k" })]
    public void ReadsTheKeysOfAJsonText(string json, string[] keys)
    {
        Assert.Equal(keys, PayloadEntries.JsonKeys(json));
        Assert.Equal(Specification.Matches(json).Select(m => m.Groups[1].Value), PayloadEntries.JsonKeys(json));
    }

    [Fact]
    public void AgreesWithTheSpecificationOnGeneratedTexts()
    {
        var random = new Random(20261202);
        const string alphabet = "ab\"\\: \t\n{}[],x";
        for (var n = 0; n < 5000; n++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            Assert.True(
                Specification.Matches(text).Select(m => m.Groups[1].Value).SequenceEqual(PayloadEntries.JsonKeys(text)),
                "differs on: " + text.Replace("\n", "\\n", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void KeysLongerThanAHundredCharactersAreNotKeys()
    {
        var longKey = new string('k', 101);

        Assert.Equal(["short"], PayloadEntries.JsonKeys("{\"" + longKey + "\":1,\"short\":2}"));
        Assert.Equal([new string('k', 100)], PayloadEntries.JsonKeys("{\"" + new string('k', 100) + "\":1}"));
    }
}
