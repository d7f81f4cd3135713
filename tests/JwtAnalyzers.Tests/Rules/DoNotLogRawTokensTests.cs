using JwtAnalyzers.Tests.Verifiers;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotLogRawTokensAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotLogRawTokensCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotLogRawTokensTests
{
    [Fact]
    public Task ILogger_TokenArguments()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class Login
            {
                async Task Run(ILogger<Login> logger, HttpContext http, JwtSecurityToken jwt, SecurityTokenDescriptor descriptor, string accessToken)
                {
                    var written = new JwtSecurityTokenHandler().WriteToken(jwt);
                    logger.LogInformation("Issued {Token}", {|JWT017:written|});
                    logger.LogDebug("Token: {T}", {|JWT017:accessToken|});
                    logger.LogWarning($"Bad token {{|JWT017:accessToken|}}");
                    logger.LogError("Header " + {|JWT017:http.Request.Headers.Authorization|});
                    logger.LogTrace("{A}", {|JWT017:http.Request.Headers["Authorization"]|});
                    var fromContext = await http.GetTokenAsync("access_token");
                    logger.LogInformation("{T}", {|JWT017:fromContext|});
                    logger.Log(LogLevel.Information, "{T}", {|JWT017:new JsonWebTokenHandler().CreateToken(descriptor)|});
                    using (logger.BeginScope("{Token}", {|JWT017:jwt.RawData|})) { }
                    logger.LogInformation("{Count} {Token}", 1, {|JWT017:written|});
                }
            }
            """);

    /// <summary>
    /// Token-likeness recognises the framework's text carriers by symbol: System.Text.Json's
    /// <c>GetProperty("access_token").GetString()</c>, <c>StringValues</c> and <c>AuthenticationHeaderValue</c>, LINQ's
    /// <c>First</c>. A project's own look-alikes (a <c>GetProperty</c>/<c>GetString</c> pair, a type named
    /// <c>StringValues</c>, an extension <c>First</c>) are not the framework's and stay silent.
    /// </summary>
    [Fact]
    public Task TokenCarriers_BySymbol_NotBySpelling()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Linq;
            using System.Net.Http.Headers;
            using System.Text.Json;
            using Microsoft.AspNetCore.Http;
            namespace App
            {
                class Document
                {
                    public Document GetProperty(string name) => this;
                    public string GetString() => "";
                }

                struct StringValues
                {
                    public override string ToString() => "";
                }

                static class MyLinq
                {
                    public static string First(this Document document, int index) => "";
                }

                class Login
                {
                    void Run(JsonElement root, Document document, HttpRequest request, AuthenticationHeaderValue authorization, StringValues bearer, Microsoft.Extensions.Primitives.StringValues jwt)
                    {
                        Console.WriteLine({|JWT017:root.GetProperty("access_token").GetString()|});
                        Console.WriteLine({|JWT017:request.Headers["Authorization"].First()|});
                        Console.WriteLine({|JWT017:authorization|});
                        Console.WriteLine({|JWT017:jwt|});

                        Console.WriteLine(document.GetProperty("access_token").GetString());
                        Console.WriteLine(document.First(0));
                        Console.WriteLine(bearer);
                    }
                }
            }
            """);

    [Fact]
    public Task LoggerMessageConsoleDebugTrace()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Diagnostics;
            using Microsoft.Extensions.Logging;
            partial class Log
            {
                [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Token {token}")]
                public static partial void TokenIssued(ILogger logger, string token);
            }
            partial class Log
            {
                public static partial void TokenIssued(ILogger logger, string token) { }
            }
            class Login
            {
                void Run(ILogger logger, string jwt, string bearerToken)
                {
                    Log.TokenIssued(logger, {|JWT017:jwt|});
                    Console.WriteLine({|JWT017:jwt|});
                    Console.Write("token=" + {|JWT017:bearerToken|});
                    Console.Out.WriteLine({|JWT017:jwt|});
                    Debug.WriteLine({|JWT017:jwt|});
                    Trace.TraceInformation("{0}", {|JWT017:jwt|});
                }
            }
            """);

    [Fact]
    public Task ShowPii_OutsideDevelopment()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Logging;
            class Program
            {
                void Configure(WebApplicationBuilder builder)
                {
                    {|JWT017:IdentityModelEventSource.ShowPII = true|};
                    {|JWT017:IdentityModelEventSource.LogCompleteSecurityArtifact = true|};
                    var on = true;
                    {|JWT017:IdentityModelEventSource.ShowPII = on|};
                    if (builder.Environment.IsProduction())
                    {
                        {|JWT017:IdentityModelEventSource.ShowPII = true|};
                    }
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_SecureLookAlikes()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using Microsoft.IdentityModel.Logging;
            class Login
            {
                void Run(ILogger logger, string token, JwtSecurityToken jwt, string tokenType, AuthenticationFailedContext failed, string author, string authority, System.Threading.CancellationToken cancellationToken, WebApplicationBuilder builder)
                {
                    // Facts about a token, not the token.
                    logger.LogInformation("Length {L}", token.Length);
                    logger.LogInformation("Id {Id} issuer {Iss} expires {Exp}", jwt.Id, jwt.Issuer, jwt.ValidTo);
                    logger.LogInformation("Type {T}", tokenType);
                    logger.LogInformation("Hash {H}", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
                    logger.LogInformation("Header {H}", token.Split('.')[0]);
                    // Exceptions from IdentityModel hide PII by default.
                    logger.LogError(failed.Exception, "Authentication failed");
                    // Names that contain "auth"/"token" but are not tokens.
                    logger.LogInformation("{A} {B} {C}", author, authority, cancellationToken);
                    logger.LogInformation("token refreshed");
                    // PII switches guarded for development.
                    if (builder.Environment.IsDevelopment())
                    {
                        IdentityModelEventSource.ShowPII = true;
                        IdentityModelEventSource.LogCompleteSecurityArtifact = true;
                    }
                    if (!builder.Environment.IsProduction()) { IdentityModelEventSource.ShowPII = true; }
                    IdentityModelEventSource.ShowPII = builder.Environment.IsDevelopment();
                    IdentityModelEventSource.ShowPII = false;
                }
            }
            """);

    /// <summary>Serilog and NLog, compiled against the real packages: their logging methods are sinks by symbol.</summary>
    [Fact]
    public Task SerilogAndNLogSinks()
        => new Verify.Test
        {
            References = TestReferences.Default.AddRange(TestReferences.LoggingLibraries),
            TestCode = """
                using Serilog;
                class Login
                {
                    static readonly NLog.Logger s_nlog = NLog.LogManager.GetCurrentClassLogger();
                    void Run(Serilog.ILogger serilog, string accessToken, string userName)
                    {
                        Log.Information("Issued {Token}", {|JWT017:accessToken|});
                        serilog.Warning("Refused {Token}", {|JWT017:accessToken|});
                        serilog.Error($"bad {{|JWT017:accessToken|}}");
                        s_nlog.Info("token {0}", {|JWT017:accessToken|});
                        s_nlog.Debug({|JWT017:accessToken|});

                        // look-alikes: not a token, or a Serilog/NLog call that is not a log write
                        Log.Information("User {User} signed in", userName);
                        serilog.ForContext("User", userName).Information("ok");
                        s_nlog.Info("signed in {0}", userName);
                        var enabled = s_nlog.IsDebugEnabled;
                    }
                }
                """,
        }.RunAsync();

    /// <summary>
    /// An object with a token member counts as the token where it is written whole: a record printed by its generated
    /// ToString, or an object serialised to JSON. A class printed by its default ToString (the type name) is not.
    /// </summary>
    [Fact]
    public Task ObjectsCarryingTokens()
        => Verify.VerifyAnalyzerAsync("""
            using System.Text.Json;
            using Microsoft.Extensions.Logging;
            public sealed record LoginResult(string UserName, string AccessToken);
            public sealed class TokenResponse { public string AccessToken { get; set; } = ""; public int ExpiresIn { get; set; } }
            public sealed record Profile(string UserName, string Email);
            class Login
            {
                void Run(ILogger logger, LoginResult result, TokenResponse response, Profile profile)
                {
                    logger.LogInformation("Login {Result}", {|JWT017:result|});
                    logger.LogInformation("Token response {Json}", {|JWT017:JsonSerializer.Serialize(response)|});
                    logger.LogInformation($"done: {{|JWT017:result|}}");

                    // silent: a class whose ToString is its type name, a record without token members, a member that is not the token
                    logger.LogInformation("Response {R}", response);
                    logger.LogInformation("Profile {P}", profile);
                    logger.LogInformation("Expires in {S}", response.ExpiresIn);
                    logger.LogInformation("Profile {Json}", JsonSerializer.Serialize(profile));
                }
            }
            """);

    /// <summary>
    /// JWT017 runs on every log call, so it follows a local to what it was declared with (and into the methods that
    /// return it), never across the project: a local reassigned later from a token source is a known miss.
    /// </summary>
    [Fact]
    public Task KnownLimit_LocalReassignedFromATokenSourceAfterItsDeclaration()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            class Middleware
            {
                void Log(HttpContext context, ILogger logger)
                {
                    string value = "";
                    value = context.Request.Headers.Authorization!;
                    logger.LogInformation("Incoming {Value}", value);
                    string header = context.Request.Headers.Authorization!;
                    logger.LogInformation("Incoming {Value}", {|JWT017:header|});
                }
            }
            """);

    [Fact]
    public Task KnownLimit_UnseenFlows()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;
            class Login
            {
                static readonly Action<ILogger, string, Exception?> s_issued = LoggerMessage.Define<string>(LogLevel.Information, 1, "Issued {T}");
                void Run(ILogger logger, string token, Func<string> getToken)
                {
                    // A token that went through a library method (string.Copy) or a delegate loses its name.
                    var copy = string.Copy(token);
                    logger.LogInformation("{T}", copy);
                    logger.LogInformation("{T}", getToken());
                }
            }
            """);

    [Fact]
    public Task Fix_Redact_WhenRuntimeReferenced()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            class Login
            {
                void Run(ILogger logger, HttpContext http, string accessToken)
                {
                    logger.LogInformation("Token {T}", {|JWT017:accessToken|});
                    logger.LogWarning($"Bad token {{|JWT017:accessToken|}}");
                    logger.LogInformation("{A}", {|JWT017:http.Request.Headers.Authorization|});
                }
            }
            """, """
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            class Login
            {
                void Run(ILogger logger, HttpContext http, string accessToken)
                {
                    logger.LogInformation("Token {T}", TokenRedaction.Redact(accessToken));
                    logger.LogWarning($"Bad token {TokenRedaction.Redact(accessToken)}");
                    logger.LogInformation("{A}", TokenRedaction.Redact(http.Request.Headers.Authorization));
                }
            }
            """, JwtAnalyzers.CodeFixes.Rules.DoNotLogRawTokensCodeFix.RedactKey, withRuntime: true);

    [Fact]
    public Task Fix_RemovePiiSwitch()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Logging;
            class Program
            {
                void Configure()
                {
                    {|JWT017:IdentityModelEventSource.ShowPII = true|};
                    {|JWT017:IdentityModelEventSource.LogCompleteSecurityArtifact = true|};
                    System.Console.WriteLine("started");
                }
            }
            """, """
            using Microsoft.IdentityModel.Logging;
            class Program
            {
                void Configure()
                {
                    System.Console.WriteLine("started");
                }
            }
            """, JwtAnalyzers.CodeFixes.Rules.DoNotLogRawTokensCodeFix.RemoveKey);

    /// <summary>Debug builds define DEBUG: the code inside <c>#if DEBUG</c> is compiled and analysed, and must stay silent.</summary>
    [Fact]
    public Task NoDiagnostic_ShowPiiInActiveDebugRegion()
    {
        var test = new JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotLogRawTokensAnalyzer>.Test
        {
            TestCode = """
                using Microsoft.IdentityModel.Logging;
                class Program
                {
                    void Configure()
                    {
                #if DEBUG
                        IdentityModelEventSource.ShowPII = true;
                #endif
                #if DEBUG && !RELEASE
                        IdentityModelEventSource.LogCompleteSecurityArtifact = true;
                #elif TRACE
                #endif
                        {|JWT017:IdentityModelEventSource.ShowPII = true|};
                    }
                }
                """,
        };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)project.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, options.WithPreprocessorSymbols(options.PreprocessorSymbolNames.Append("DEBUG")));
        });
        return test.RunAsync();
    }

    // ---- analysis core: sources before names, delegates, OpenID Connect, pieces of a bearer header ----

    [Fact]
    public Task LoggerMessageDelegateLogsTheToken()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Logging;
            class Login
            {
                static readonly Action<ILogger, string, Exception?> s_issued = LoggerMessage.Define<string>(LogLevel.Information, 1, "Issued {T}");
                void Run(ILogger logger, string token) => s_issued(logger, [|token|], null);
            }
            """);

    [Fact]
    public Task OpenIdConnectIdTokenLogged()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.Logging;
            class Events
            {
                void OnTokenResponse(TokenResponseReceivedContext context, ILogger logger)
                    => logger.LogDebug("id token {T}", [|context.TokenEndpointResponse.IdToken|]);
            }
            """);

    [Fact]
    public Task IndexerReads_ByTheirKey_TextKeysOnly()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            class Audit
            {
                private const string TokenKey = "access_token";
                void Log(HttpContext context, ILogger logger, Dictionary<int, string> byId, List<string> names, Exception error)
                {
                    logger.LogInformation("{T}", [|context.Items["access_token"]|]);
                    logger.LogInformation("{T}", [|context.Items[TokenKey]|]);
                    logger.LogInformation("{T}", [|context.Request.Headers["Authorization"]|]);
                    logger.LogInformation("{T}", context.Items["correlation"]);
                    logger.LogInformation("{T}", byId[42]);
                    logger.LogInformation("{T}", names[0]);
                    logger.LogError(error, "{T}", error);
                }
            }
            """);

    [Fact]
    public Task PieceOfABearerHeaderPrintedToTheConsole()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.AspNetCore.Http;
            class Diagnostics
            {
                void Dump(HttpRequest request)
                {
                    var raw = request.Headers.Authorization.ToString();
                    var split = raw.Split(' ');
                    Console.WriteLine([|split[1]|]);
                }
            }
            """);

    [Fact]
    public Task AuthorizationHeaderValueLoggedWhateverTheVariableIsCalled()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            class Middleware
            {
                void Log(HttpContext context, ILogger logger)
                {
                    string raw = context.Request.Headers.Authorization!;
                    logger.LogInformation("Incoming {Value}", [|raw|]);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_VariableNamedTokenHoldingTheAcceptHeader()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            class Middleware
            {
                void Log(HttpContext context, ILogger logger)
                {
                    string token = context.Request.Headers.Accept.ToString();
                    logger.LogInformation("Accept {Value}", token);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_ProjectsOwnIsDevelopmentIsNotAGuard_ButTheFrameworksIs()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Logging;
            static class Env { public static bool IsDevelopment() => true; }
            class Program
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    if (Env.IsDevelopment()) { [|IdentityModelEventSource.ShowPII = true|]; }
                    if (builder.Environment.IsDevelopment()) { IdentityModelEventSource.ShowPII = true; }
                    if (System.Diagnostics.Debugger.IsAttached) { IdentityModelEventSource.ShowPII = true; }
                    var isDevelopment = builder.Environment.IsDevelopment();
                    if (isDevelopment) { IdentityModelEventSource.ShowPII = true; }
                }
            }
            """);
}
