using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Tests.Infrastructure;

/// <summary>
/// An analyzer resolves its symbols once per compilation and registers nothing when the library it checks is not
/// referenced. Checked with the analyzer driver's own telemetry: in a project without JWT libraries, no analyzer may
/// register a per-node, per-symbol, per-tree or end-of-compilation action.
/// </summary>
public class CheapWhenIrrelevantTests
{
    public static IEnumerable<object[]> Analyzers => AnalyzerCatalog.Analyzers.Select(a => new object[] { a.GetType().Name });

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task RegistersNothingWithoutTheLibrary(string analyzerName)
    {
        var analyzer = AnalyzerCatalog.Analyzers.Single(a => a.GetType().Name == analyzerName);
        var source = """
            using System;
            using System.Collections.Generic;
            public sealed class Settings
            {
                public bool ValidateLifetime { get; set; }
                public bool RequireHttpsMetadata { get; set; }
                public TimeSpan ClockSkew { get; set; } = TimeSpan.FromDays(1);
                public string Token { get; set; } = "secret";
                public Dictionary<string, string> Values { get; } = new() { ["jwt"] = "value" };
            }
            public static class Program
            {
                public static void Main() => Console.WriteLine(new Settings { ValidateLifetime = false }.Token);
            }
            """;
        var compilation = CSharpCompilation.Create(
            "NoJwtLibrary",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            TestReferences.Bcl,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication)
                // Rules that ship disabled (JWT015) would not run at all otherwise: turn every rule of the analyzer on.
                .WithSpecificDiagnosticOptions(analyzer.SupportedDiagnostics.Select(d => new KeyValuePair<string, ReportDiagnostic>(d.Id, ReportDiagnostic.Warn))));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        Assert.Empty(await withAnalyzers.GetAnalyzerDiagnosticsAsync());
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);

        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount + telemetry.OperationBlockEndActionsCount);
        Assert.Equal(0, telemetry.SyntaxNodeActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.SemanticModelActionsCount);
        Assert.Equal(0, telemetry.SymbolActionsCount + telemetry.SymbolStartActionsCount + telemetry.CodeBlockActionsCount + telemetry.CodeBlockStartActionsCount);
        Assert.Equal(0, telemetry.CompilationActionsCount + telemetry.CompilationEndActionsCount + telemetry.AdditionalFileActionsCount);
    }
}
