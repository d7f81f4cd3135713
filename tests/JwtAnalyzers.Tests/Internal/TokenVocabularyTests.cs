using JwtAnalyzers.Internal;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>
/// The vocabulary gate of JWT011/JWT012/JWT017: a project without a JWT library whose source never names a token (as
/// <see cref="TokenLikeness"/> reads names) cannot hold one, and the three rules register nothing there.
/// </summary>
public class TokenVocabularyTests
{
    [Theory]
    // Names TokenLikeness reads: identifiers of values, keys and names inside strings, token producers.
    [InlineData("string accessToken = \"\";", true)]
    [InlineData("void M(string jwt) { }", true)]
    [InlineData("void M(object o) { var refresh = o; }", true)]
    [InlineData("public string AccessToken { get; set; }", true)]
    [InlineData("object M(Microsoft.AspNetCore.Http.HttpRequest r) => r.Headers.Authorization;", true)]
    [InlineData("string k = \"access_token\";", true)]
    [InlineData("string k = \"auth\";", true)]
    [InlineData("string k = \"__Host-auth\";", true)]
    [InlineData("string js = \"localStorage.auth = 1\";", true)]
    [InlineData("string js = \"localStorage.setItem('auth', v)\";", true)]
    [InlineData("string m = \"Issued token {Token}\";", true)]
    [InlineData("object M(Microsoft.AspNetCore.Http.HttpContext c) => Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.GetTokenAsync(c, \"x\");", true)]
    [InlineData("string M(int id) => $\"{id} {Bearer}\"; string Bearer = \"\";", true)]
    // Method and type names count (AcquireTokenSilent returns an object with token members), except ASP.NET Core's authorization API.
    [InlineData("class TokenHolder { }", true)]
    [InlineData("void RefreshToken() { }", true)]
    [InlineData("object M(dynamic app) => app.AcquireTokenSilent();", true)]
    [InlineData("TokenResponse r; class TokenResponse { }", true)]
    // Names it never reads, and words that are not token names.
    [InlineData("void M(System.Threading.CancellationToken cancellationToken) { }", false)]
    [InlineData("void M(System.Threading.CancellationToken stoppingToken) { }", false)]
    [InlineData("System.Threading.CancellationTokenSource cts = new();", false)]
    [InlineData("string m = \"Refresh of {Id} timed out\";", false)]
    [InlineData("string m = \"Could not refresh the cache\";", false)]
    [InlineData("// the access token goes here\nint x;", false)]
    [InlineData("/// <summary>Reads the jwt.</summary>\nint x;", false)]
    [InlineData("void M(Microsoft.AspNetCore.Builder.WebApplication app) { app.UseAuthorization(); }", false)]
    [InlineData("void M(Microsoft.Extensions.DependencyInjection.IServiceCollection s) { s.AddAuthorization(); }", false)]
    [InlineData("Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder b = new();", false)]
    [InlineData("string author = \"\"; string authority = \"\"; int accessLevel;", false)]
    [InlineData("string antiForgeryToken = \"\"; string csrfToken = \"\";", false)]
    [InlineData("string tokenType = \"\"; int tokenLength;", false)]
    public void SpellsTokenName(string member, bool expected)
    {
        var text = "using Microsoft.AspNetCore.Authorization;\nnamespace Contoso.Auth;\nclass C\n{\n" + member + "\n}\n";
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest));
        Assert.Equal(expected, TokenVocabulary.SpellsTokenName(tree, text));
    }

    [Fact]
    public void MayAppear_NoJwtLibraryAndNoTokenName_IsFalse_UnlessALibraryIsReferenced()
    {
        const string Source = """
            using System.Threading;
            using Microsoft.Extensions.Logging;
            class Worker
            {
                void Run(ILogger<Worker> logger, string id, CancellationToken stoppingToken) => logger.LogInformation("Refresh of {Id}", id);
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Latest));
        var options = new AnalyzerOptions(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty);

        var withoutLibrary = CSharpCompilation.Create("NoJwt", [tree], TestReferences.FrameworkOnly);
        Assert.False(TokenVocabulary.MayAppear(withoutLibrary, options, "JWT017"));

        var withLibrary = CSharpCompilation.Create("Jwt", [tree], TestReferences.Default);
        Assert.True(TokenVocabulary.MayAppear(withLibrary, options, "JWT017"));

        var withTokenName = withoutLibrary.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Session { public string RefreshToken { get; set; } = \"\"; }", new CSharpParseOptions(LanguageVersion.Latest)));
        Assert.True(TokenVocabulary.MayAppear(withTokenName, options, "JWT017"));
    }
}
