using System.Collections.Immutable;
using System.IO;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StorageVerify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotStoreTokensInBrowserStorageAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix>;
using CookieVerify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.ProtectTokenCookiesAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.ProtectTokenCookiesCodeFix>;
using LogVerify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotLogRawTokensAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotLogRawTokensCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>
/// JWT011, JWT012 and JWT017 run without a JWT library, but only in projects that can hold a token
/// (<see cref="JwtAnalyzers.Internal.TokenVocabulary"/>): these tests compile against ASP.NET Core alone and check that
/// each way a token is recognised there still opens the gate, and that an application that never names a token gets
/// no per-operation callback at all.
/// </summary>
public class TokenVocabularyGateTests
{
    [Fact]
    public Task Logs_WholeNameParameter_WithoutJwtLibrary()
        => new LogVerify.Test
        {
            References = TestReferences.FrameworkOnly,
            TestCode = """
                using Microsoft.Extensions.Logging;
                class Session
                {
                    void Rotate(ILogger<Session> logger, string refresh) => logger.LogInformation("Rotated {Value}", {|JWT017:refresh|});
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Logs_AuthorizationHeader_AndGetTokenAsync_WithoutJwtLibrary()
        => new LogVerify.Test
        {
            References = TestReferences.FrameworkOnly,
            TestCode = """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authentication;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;
                class Audit
                {
                    async Task Run(ILogger<Audit> logger, HttpContext context, string name)
                    {
                        logger.LogInformation("{Header}", {|JWT017:context.Request.Headers.Authorization|});
                        var value = await context.GetTokenAsync(name);
                        logger.LogInformation("{Value}", {|JWT017:value|});
                    }
                }
                """,
        }.RunAsync();

    /// <summary>A <c>token_name_pattern</c> can match any name: the gate is open wherever one is configured.</summary>
    [Fact]
    public Task Logs_NameMatchedOnlyByTheConfiguredPattern()
        => new LogVerify.Test
        {
            References = TestReferences.FrameworkOnly,
            EditorConfig = "JWT017.token_name_pattern = ^sessionKey$",
            TestCode = """
                using Microsoft.Extensions.Logging;
                class Session
                {
                    void Rotate(ILogger<Session> logger, string sessionKey) => logger.LogInformation("{Value}", {|JWT017:sessionKey|});
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Cookie_TokenKey_WithoutJwtLibrary()
        => new CookieVerify.Test
        {
            References = TestReferences.FrameworkOnly,
            TestCode = """
                using Microsoft.AspNetCore.Http;
                class SignIn
                {
                    void Run(HttpContext http, string value) => {|JWT012:http.Response.Cookies.Append("auth", value)|};
                }
                """,
        }.RunAsync();

    /// <summary>
    /// The shared DTO library of a Blazor client and its API: an object whose type (compiled in another project, not
    /// strong-named) has a token member is a token, even where the client never spells a token name.
    /// </summary>
    [Fact]
    public Task Storage_ObjectFromAProjectLibraryWithTokenMembers()
        => new StorageVerify.Test
        {
            References = TestReferences.FrameworkOnly.Add(SharedLibrary(strongNamed: false)),
            TestCode = """
                using System.Threading.Tasks;
                using Microsoft.JSInterop;
                using Shared;
                class Profile
                {
                    async Task Save(IJSRuntime js, LoginResult result) => await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "user", result)|};
                }
                """,
        }.RunAsync();

    /// <summary>
    /// Known limit: strong-named libraries (the frameworks, most packages) are not read for token members, so in a project
    /// that never names a token, a whole object of such a type stored or logged is not reported.
    /// </summary>
    [Fact]
    public Task KnownLimit_ObjectFromAStrongNamedLibrary_InAProjectThatNamesNoToken()
        => new StorageVerify.Test
        {
            References = TestReferences.FrameworkOnly.Add(SharedLibrary(strongNamed: true)),
            TestCode = """
                using System.Threading.Tasks;
                using Microsoft.JSInterop;
                using Shared;
                class Profile
                {
                    async Task Save(IJSRuntime js, LoginResult result) => await js.InvokeVoidAsync("localStorage.setItem", "user", result);
                }
                """,
        }.RunAsync();

    public static IEnumerable<object[]> GatedAnalyzers => new[]
    {
        new object[] { new JwtAnalyzers.Rules.DoNotLogRawTokensAnalyzer() },
        new object[] { new JwtAnalyzers.Rules.DoNotStoreTokensInBrowserStorageAnalyzer() },
        new object[] { new JwtAnalyzers.Rules.ProtectTokenCookiesAnalyzer() },
    };

    /// <summary>
    /// An ordinary ASP.NET Core application: logging on every path, cookies, JS interop, cancellation tokens, the
    /// authorization middleware, log messages that say "refresh". No token is named anywhere, so nothing is registered
    /// past the compilation start; one token-named property is enough to turn the rules on.
    /// </summary>
    [Theory]
    [MemberData(nameof(GatedAnalyzers))]
    public async Task OrdinaryApplication_RegistersNothing_UntilATokenIsNamed(DiagnosticAnalyzer analyzer)
    {
        const string Application = """
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using Microsoft.JSInterop;
            [Authorize]
            public sealed class Orders(ILogger<Orders> logger, IJSRuntime js)
            {
                public static void Configure(WebApplication app) => app.UseAuthorization();

                public async Task Save(HttpContext http, string id, CancellationToken cancellationToken)
                {
                    logger.LogInformation("Refresh of {Id} started", id);
                    http.Response.Cookies.Append("theme", "dark");
                    await js.InvokeVoidAsync("sessionStorage.setItem", cancellationToken, "filters", id);
                }
            }
            public sealed class Cleanup(ILogger<Cleanup> logger) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    logger.LogDebug("Cleaning up");
                    return Task.CompletedTask;
                }
            }
            """;
        Assert.Equal(0, await PerOperationActions(analyzer, Application));
        Assert.NotEqual(0, await PerOperationActions(analyzer, Application + "\npublic sealed class Session { public string AccessToken { get; set; } = \"\"; }"));
    }

    private static async Task<int> PerOperationActions(DiagnosticAnalyzer analyzer, string source)
    {
        var compilation = CSharpCompilation.Create(
            "Ordinary",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            TestReferences.FrameworkOnly,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync());
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        return telemetry.OperationActionsCount + telemetry.SyntaxNodeActionsCount + telemetry.OperationBlockStartActionsCount;
    }

    /// <summary>A compiled library with <c>Shared.LoginResult { string Token }</c>, with or without a strong name.</summary>
    private static MetadataReference SharedLibrary(bool strongNamed)
    {
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        if (strongNamed)
        {
            // Public signing needs only a public key: borrow a real one.
            options = options.WithCryptoPublicKey(typeof(Compilation).Assembly.GetName().GetPublicKey()!.ToImmutableArray()).WithPublicSign(true);
        }

        var library = CSharpCompilation.Create(
            "Shared",
            [CSharpSyntaxTree.ParseText("namespace Shared { public sealed class LoginResult { public string UserName { get; set; } = \"\"; public string Token { get; set; } = \"\"; } }")],
            TestReferences.Bcl,
            options);
        using var image = new MemoryStream();
        var emitted = library.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
