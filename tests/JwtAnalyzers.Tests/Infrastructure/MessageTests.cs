using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Tests.Infrastructure;

/// <summary>
/// The full text a user reads in the build output: each message states the risk and ends with the fix in a few words
/// (issue 13, item 12). The rule tests check the message arguments; this checks the formatted messages.
/// </summary>
public class MessageTests
{
    private const string Source = """
        using System;
        using System.Text;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.Extensions.Logging;
        using Microsoft.IdentityModel.Tokens;

        class Setup
        {
            void Configure(JwtBearerOptions options, ILogger logger, string accessToken)
            {
                options.Authority = "https://login.example.com";
                options.RequireHttpsMetadata = false;
                options.MetadataAddress = "http://login.example.com/.well-known/openid-configuration";
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateLifetime = false,
                    ValidateAudience = false,
                    ClockSkew = TimeSpan.FromDays(1),
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("k7Qz9wX2pL4mN8vR")),
                    TokenDecryptionKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("0123456789abcdef")),
                };
                logger.LogInformation("Token: {Token}", accessToken);
            }
        }
        """;

    public static TheoryData<string, string> Expected => new()
    {
        { "JWT003", "'ValidateLifetime' is false: expired tokens are accepted; set it to true" },
        { "JWT004", "'ValidateAudience' is false: tokens for any audience are accepted; set it to true and set ValidAudience" },
        { "JWT007", "The HMAC key passed to 'SymmetricSecurityKey' is 16 bytes (128 bits), but HS256 needs at least 32 bytes (256 bits); use a random key of 32 bytes or more" },
        { "JWT007", "The HMAC key passed to 'SymmetricSecurityKey' is a well-known published secret: attackers try it first; use a random key from a secret store" },
        { "JWT009", "'ClockSkew' is 1 day, more than the allowed 5 minutes: tokens are accepted that long after they expire; set it to 5 minutes or less" },
        { "JWT013", "'RequireHttpsMetadata' is false: signing keys may be fetched over plain HTTP and replaced in transit; set it to true outside development" },
        { "JWT013", "'MetadataAddress' uses http://: signing metadata fetched from it can be replaced in transit; use https://" },
        { "JWT017", "'LogInformation' writes the raw token 'accessToken' to a log: log TokenRedaction.Redact(token) from the JwtAnalyzers.Runtime package, or nothing" },
    };

    private static readonly Lazy<Task<ImmutableArray<Diagnostic>>> s_diagnostics = new(AnalyzeAsync);

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task MessageStatesTheRiskAndEndsWithTheFix(string id, string message)
    {
        var messages = (await s_diagnostics.Value).Where(d => d.Id == id).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Contains(message, messages);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync()
    {
        var compilation = CSharpCompilation.Create(
            "Messages",
            [CSharpSyntaxTree.ParseText(Source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Setup.cs")],
            TestReferences.Default,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => e.ToString())));
        return await compilation.WithAnalyzers(AnalyzerCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
    }
}
