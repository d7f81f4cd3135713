using System.Collections.Immutable;
using System.Reflection;
using JwtAnalyzers.Internal.RuleHost;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Tests.Infrastructure;

/// <summary>
/// <see cref="JwtRuleHost"/>, the one analyzer the compiler loads: it runs every rule, reports what the rules report
/// when registered separately, makes one operation registration for all of them, and starts a rule only when one of its
/// diagnostics can be on (as the driver does for a separate analyzer).
/// </summary>
public class RuleHostTests
{
    private const string InsecureSource = """
        using System;
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using System.Text;
        using Microsoft.Extensions.Logging;
        using Microsoft.IdentityModel.Tokens;

        public sealed class TokenService
        {
            private readonly ILogger<TokenService> _logger;

            public TokenService(ILogger<TokenService> logger) => _logger = logger;

            public TokenValidationParameters Parameters() => new TokenValidationParameters
            {
                ValidateLifetime = false,
                ValidateAudience = false,
                ValidateIssuer = false,
                RequireSignedTokens = false,
                ClockSkew = TimeSpan.FromHours(2),
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("secret")),
            };

            public string Issue(string userId)
            {
                var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("my_secret_key_12345"));
                var token = new JwtSecurityToken(
                    claims: new[] { new Claim("sub", userId) },
                    expires: DateTime.UtcNow.AddDays(30),
                    signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
                var text = new JwtSecurityTokenHandler().WriteToken(token);
                _logger.LogInformation("Issued {Token}", text);
                return text;
            }

            public bool IsAdmin(string token)
                => new JwtSecurityTokenHandler().ReadJwtToken(token).Claims.Any(c => c.Type == "role" && c.Value == "admin");
        }
        """;

    [Fact]
    public void EveryAnalyzerOfTheAssemblyIsHostedAndOnlyTheHostIsLoadedByTheCompiler()
    {
        var assembly = typeof(JwtRuleHost).Assembly;
        var analyzerTypes = assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(JwtRuleHost))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal);
        var hosted = JwtRuleHost.CreateRules().Select(r => r.GetType().FullName!).Order(StringComparer.Ordinal);

        Assert.Equal(analyzerTypes, hosted);
        Assert.Equal(
            [typeof(JwtRuleHost)],
            assembly.GetTypes().Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null));
        Assert.Equal(
            JwtRuleHost.CreateRules().SelectMany(r => r.SupportedDiagnostics).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal),
            new JwtRuleHost().SupportedDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HostReportsWhatTheRulesReportSeparately()
    {
        var compilation = Compile(InsecureSource).WithOptions(Compile(InsecureSource).Options
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["JWT015"] = ReportDiagnostic.Warn }));

        var separate = await compilation.WithAnalyzers(AnalyzerCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
        var hosted = await compilation.WithAnalyzers([new JwtRuleHost()]).GetAnalyzerDiagnosticsAsync();

        static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics)
            => diagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage()}").Order(StringComparer.Ordinal);
        Assert.DoesNotContain(hosted, d => d.Id == "AD0001");
        Assert.True(separate.Select(d => d.Id).Distinct().Count() >= 8, string.Join("\n", Describe(separate)));
        Assert.Equal(Describe(separate), Describe(hosted));
    }

    [Fact]
    public async Task HostMakesOneOperationRegistrationForAllRules()
    {
        var compilation = Compile(InsecureSource);
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);

        var host = new JwtRuleHost();
        var hosted = compilation.WithAnalyzers([host], options);
        await hosted.GetAnalyzerDiagnosticsAsync();
        var hostTelemetry = await hosted.GetAnalyzerTelemetryInfoAsync(host, CancellationToken.None);

        var separate = compilation.WithAnalyzers(AnalyzerCatalog.Analyzers, options);
        await separate.GetAnalyzerDiagnosticsAsync();
        var separateRegistrations = 0;
        foreach (var rule in AnalyzerCatalog.Analyzers)
        {
            separateRegistrations += (await separate.GetAnalyzerTelemetryInfoAsync(rule, CancellationToken.None)).OperationActionsCount;
        }

        Assert.Equal(1, hostTelemetry.OperationActionsCount);
        Assert.True(separateRegistrations > 20, $"{separateRegistrations} registrations when separate");
    }

    [Fact]
    public async Task WithoutAJwtLibraryTheHostRegistersNoOperationAction()
    {
        var compilation = CSharpCompilation.Create(
            "NoJwtLibrary",
            [CSharpSyntaxTree.ParseText("public static class P { public static void Main() => System.Console.WriteLine(new { Token = \"t\" }); }")],
            TestReferences.Bcl,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var host = new JwtRuleHost();
        var withHost = compilation.WithAnalyzers([host], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));

        Assert.Empty(await withHost.GetAnalyzerDiagnosticsAsync());
        var telemetry = await withHost.GetAnalyzerTelemetryInfoAsync(host, CancellationToken.None);
        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        Assert.Equal(0, telemetry.OperationActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.CompilationEndActionsCount + telemetry.AdditionalFileActionsCount);
    }

    [Fact]
    public async Task EachOperationReachesEveryRuleThatAskedForItsKindOnce()
    {
        var invocationsOnly = new CountingRule("TST001", enabledByDefault: true, OperationKind.Invocation);
        var invocationsAndCreations = new CountingRule("TST002", enabledByDefault: true, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.Invocation);
        var compilation = Compile("""
            public sealed class C
            {
                public object M() { N(); N(); return new C(); }
                private static void N() { }
            }
            """);

        await compilation.WithAnalyzers([new JwtRuleHost([invocationsOnly, invocationsAndCreations])]).GetAnalyzerDiagnosticsAsync();

        Assert.Equal(2, invocationsOnly.Operations);
        Assert.Equal(3, invocationsAndCreations.Operations);
    }

    [Fact]
    public async Task ARuleThatIsOffByDefaultStartsOnlyWhenSomethingTurnsItOn()
    {
        var compilation = Compile("public sealed class C { }");

        Assert.Equal(0, await StartsAsync(compilation, enabledByDefault: false));
        Assert.Equal(1, await StartsAsync(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["TST001"] = ReportDiagnostic.Warn })), enabledByDefault: false));
        Assert.Equal(1, await StartsAsync(WithTreeOptions(compilation, global: null, perTree: ReportDiagnostic.Info), enabledByDefault: false));
        Assert.Equal(1, await StartsAsync(WithTreeOptions(compilation, global: ReportDiagnostic.Warn, perTree: null), enabledByDefault: false));

        // 'severity = default' (every line of the Default preset) leaves it off, as the driver does for a separate analyzer.
        Assert.Equal(0, await StartsAsync(WithTreeOptions(compilation, global: ReportDiagnostic.Default, perTree: ReportDiagnostic.Default), enabledByDefault: false));
        Assert.Equal(0, await StartsAsync(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["TST001"] = ReportDiagnostic.Default })), enabledByDefault: false));
    }

    [Fact]
    public async Task ARuleThatIsOnByDefaultIsSkippedOnlyWhenItIsOffEverywhere()
    {
        var compilation = Compile("public sealed class C { }").AddSyntaxTrees(CSharpSyntaxTree.ParseText("public sealed class D { }"));

        Assert.Equal(1, await StartsAsync(compilation, enabledByDefault: true));
        Assert.Equal(0, await StartsAsync(compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["TST001"] = ReportDiagnostic.Suppress })), enabledByDefault: true));
        Assert.Equal(0, await StartsAsync(WithTreeOptions(compilation, global: ReportDiagnostic.Suppress, perTree: null), enabledByDefault: true));
        Assert.Equal(0, await StartsAsync(WithTreeOptions(compilation, global: null, perTree: ReportDiagnostic.Suppress), enabledByDefault: true));

        // One file turns it back on.
        var first = compilation.SyntaxTrees.First();
        Assert.Equal(1, await StartsAsync(WithTreeOptions(compilation, global: ReportDiagnostic.Suppress, perTree: null, onlyTree: first, onlyTreeValue: ReportDiagnostic.Warn), enabledByDefault: true));
    }

    [Fact]
    public void ARuleThatRegistersOutsideCompilationStartIsRefused()
    {
        var host = new JwtRuleHost([new RegistersInInitializeRule()]);

        var exception = Assert.Throws<NotSupportedException>(() => host.Initialize(new RecordingAnalysisContext()));
        Assert.Contains("RegisterOperationAction", exception.Message, StringComparison.Ordinal);
    }

    private static async Task<int> StartsAsync(Compilation compilation, bool enabledByDefault)
    {
        var rule = new CountingRule("TST001", enabledByDefault, OperationKind.Invocation);
        await compilation.WithAnalyzers([new JwtRuleHost([rule])]).GetAnalyzerDiagnosticsAsync();
        return rule.Starts;
    }

    private static CSharpCompilation Compile(string source) => CSharpCompilation.Create(
        "Hosted",
        [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Hosted.cs")],
        TestReferences.Default,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static Compilation WithTreeOptions(Compilation compilation, ReportDiagnostic? global, ReportDiagnostic? perTree, SyntaxTree? onlyTree = null, ReportDiagnostic? onlyTreeValue = null)
        => compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new TreeOptions(global, perTree, onlyTree, onlyTreeValue)));

    /// <summary>What .editorconfig sections (per tree) and global configs (the presets) say about TST001.</summary>
    private sealed class TreeOptions(ReportDiagnostic? global, ReportDiagnostic? perTree, SyntaxTree? onlyTree, ReportDiagnostic? onlyTreeValue) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            var value = tree == onlyTree ? onlyTreeValue : perTree;
            severity = value ?? ReportDiagnostic.Default;
            return diagnosticId == "TST001" && value is not null;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = global ?? ReportDiagnostic.Default;
            return diagnosticId == "TST001" && global is not null;
        }
    }

#pragma warning disable RS1001, RS1025, RS1026 // test rules, hosted only
    private sealed class CountingRule(string id, bool enabledByDefault, params OperationKind[] kinds) : DiagnosticAnalyzer
    {
        private int _starts;
        private int _operations;

        public int Starts => _starts;

        public int Operations => _operations;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor(id, "Test", "Test", "Test", DiagnosticSeverity.Warning, enabledByDefault)];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                Interlocked.Increment(ref _starts);
                start.RegisterOperationAction(_ => Interlocked.Increment(ref _operations), kinds.ToImmutableArray());
            });
        }
    }

    private sealed class RegistersInInitializeRule : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor("TST003", "Test", "Test", "Test", DiagnosticSeverity.Warning, true)];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation);
        }
    }
#pragma warning restore RS1001, RS1025, RS1026
}
