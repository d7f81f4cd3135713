namespace JwtAnalyzers.Runtime.Tests;

/// <summary>
/// Every runtime message that recommends <c>dotnet user-secrets set</c> also says to run <c>dotnet user-secrets init</c>
/// first: in a fresh <c>dotnet new webapi</c> project <c>set</c> fails until <c>init</c> has added a UserSecretsId
/// (issue 13, item 4).
/// </summary>
public class UserSecretsAdviceTests
{
    [Fact]
    public void MissingSigningKey_SaysToInitUserSecretsBeforeSettingIt()
    {
        var configuration = TestTokens.Configuration(("Jwt:SigningKey", null));
        var e = Assert.ThrowsAny<Exception>(() => SigningKeys.LoadHmacKey(configuration, "Jwt:SigningKey"));

        AssertInitBeforeSet(e.Message, "Jwt:SigningKey");
    }

    [Fact]
    public void MissingConfiguration_SaysToInitUserSecretsBeforeSettingTheKey()
    {
        var e = Assert.ThrowsAny<Exception>(() => StrictTokenValidation.Create(TestTokens.Configuration(), "Auth"));

        AssertInitBeforeSet(e.Message, "Auth:SigningKey");
    }

    private static void AssertInitBeforeSet(string message, string key)
    {
        var init = message.IndexOf("dotnet user-secrets init", StringComparison.Ordinal);
        var set = message.IndexOf($"dotnet user-secrets set \"{key}\"", StringComparison.Ordinal);
        Assert.True(init >= 0 && set > init, message);
    }
}
