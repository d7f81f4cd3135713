using JwtAnalyzers.Internal;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>
/// The sensitive-name test that JWT016 runs on every claim name, member name and value source: entries of one or more
/// words, found anywhere in the name, each word as written or with a plural 's', unless the last word is a qualifier
/// ("PasswordChangedAt" names a date, not a password).
/// </summary>
public class SensitiveClaimNamesTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("Password")]
    [InlineData("userPassword")]
    [InlineData("passwords")]
    [InlineData("password_hash")]
    [InlineData("PasswordHash")]
    [InlineData("PasswordHashes")]
    [InlineData("client_secret")]
    [InlineData("ClientSecrets")]
    [InlineData("primaryApiKey")]
    [InlineData("APIKey")]
    [InlineData("social-security-number")]
    [InlineData("UserSocialSecurityNumbers")]
    [InlineData("card number")]
    [InlineData("cardNumber")]
    [InlineData("recovery_codes")]
    [InlineData("pin")]
    [InlineData("ssn")]
    [InlineData("ConnectionString")]
    [InlineData("DefaultConnectionStrings")]
    public void SensitiveNames(string name) => Assert.True(SensitiveClaimNames.IsSensitive(name), name);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("sub")]
    [InlineData("email")]
    [InlineData("role")]
    [InlineData("passwordChangedAt")]
    [InlineData("PasswordExpires")]
    [InlineData("password_length")]
    [InlineData("ApiKeyCount")]
    [InlineData("pinned")]
    [InlineData("spinner")]
    [InlineData("apiVersion")]
    [InlineData("key")]
    [InlineData("security")]
    [InlineData("social")]
    [InlineData("number")]
    [InlineData("card")]
    [InlineData("secretary")]
    [InlineData("company")]
    public void OrdinaryNames(string name) => Assert.False(SensitiveClaimNames.IsSensitive(name), name);

    [Fact]
    public void AnExtraPatternAddsNames()
    {
        var pattern = new System.Text.RegularExpressions.Regex("^employee_?number$", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        Assert.True(SensitiveClaimNames.IsSensitive("EmployeeNumber", pattern));
        Assert.False(SensitiveClaimNames.IsSensitive("EmployeeNumber"));
    }
}
