using JwtAnalyzers.Internal.Flow;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>The syntax index reads a file for a name only when its text spells the name as a whole identifier.</summary>
public class SyntaxIndexTests
{
    [Theory]
    [InlineData("x.Read();", "Read", true)]
    [InlineData("Read(x)", "Read", true)]
    [InlineData("var t = handler.ReadJwtToken(raw);", "Read", false)]
    [InlineData("IReadOnlyList<string> names;", "Read", false)]
    [InlineData("await js.InvokeVoidAsync(\"localStorage.setItem\", k, v);", "localStorage", true)]
    [InlineData("window.localStorage.setItem", "localStorage", true)]
    [InlineData("myLocalStorageHelper.Save()", "localStorage", false)]
    [InlineData("_token = @Token;", "Token", true)]
    [InlineData("$\"{Token}\"", "Token", true)]
    [InlineData("TokenValue + Token_", "Token", false)]
    [InlineData("await storage.SetItemAsync(\"jwt\", t);", "SetItem", false)]
    [InlineData("await storage.SetItemAsync(\"jwt\", t);", "SetItemAsync", true)]
    public void SpellsIdentifier_WholeIdentifiersOnly(string text, string name, bool expected)
        => Assert.Equal(expected, SyntaxIndex.SpellsIdentifier(text, name));
}
