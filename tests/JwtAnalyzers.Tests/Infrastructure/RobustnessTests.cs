using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace JwtAnalyzers.Tests.Infrastructure;

/// <summary>
/// Analyzers must never throw (no AD0001), also on half-typed code. Every analyzer runs over every C# test source of
/// the rule tests, cut at each token boundary and with each token removed. The full sweep takes minutes on two cores:
/// by default a deterministic sample (every <see cref="SampleStride"/>th variant) runs; with
/// <c>JWTANALYZERS_FULL_SWEEP=1</c> (set by .ci/run) every variant does.
/// </summary>
public class RobustnessTests
{
    /// <summary>Set to 1 to analyse every variant instead of the sample.</summary>
    public const string FullSweepVariable = "JWTANALYZERS_FULL_SWEEP";

    /// <summary>
    /// A prime, odd stride: the sample alternates between cut and removed variants and moves through every position
    /// of the sources instead of hitting the same token kind each time. About 1/37 of the sweep runs in ~10 s.
    /// </summary>
    public const int SampleStride = 37;

    private static bool FullSweep => Environment.GetEnvironmentVariable(FullSweepVariable) is "1" or "true" or "True";

    private readonly ITestOutputHelper _output;

    public RobustnessTests(ITestOutputHelper output) => _output = output;

    private static readonly Regex Markup = new(@"\[\||\|\]|\{\|(?:#\d+|JWT\d{3})(?::|\|\})|\|\}", RegexOptions.Compiled);

    /// <summary>All C# sources written as raw string literals in the rule test files, markup stripped, deduplicated.</summary>
    public static ImmutableArray<string> TestSources { get; } = LoadTestSources();

    private static ImmutableArray<string> LoadTestSources()
    {
        var directory = Path.Combine(AnalyzerCatalog.RepositoryRoot, "tests", "JwtAnalyzers.Tests", "Rules");
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
                {
                    var text = Markup.Replace(token.ValueText, string.Empty);
                    if (text.Contains("class ", StringComparison.Ordinal) || text.Contains("using ", StringComparison.Ordinal))
                    {
                        sources.Add(text);
                    }
                }
            }
        }

        return sources.ToImmutableArray();
    }

    [Fact]
    public void TheCorpusIsNotEmpty()
        => Assert.True(TestSources.Length >= 20, $"only {TestSources.Length} test sources found");

    [Fact]
    public async Task NoAnalyzerThrowsOnTruncatedOrDamagedSources()
    {
        var references = TestReferences.Default.AddRange(TestReferences.JwtNet).AddRange(TestReferences.JoseJwt);
        var baseCompilation = CSharpCompilation.Create(
            "Robustness",
            references: references,
            options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);

        // Every token boundary of every source: the source cut after the token, and the source without the token.
        var variants = new List<string>();
        foreach (var source in TestSources)
        {
            foreach (var token in CSharpSyntaxTree.ParseText(source, parseOptions).GetRoot().DescendantTokens().Where(t => !t.Span.IsEmpty))
            {
                variants.Add(source.Substring(0, token.Span.End));
                variants.Add(source.Remove(token.Span.Start, token.Span.Length));
            }
        }

        var analysed = FullSweep ? variants : variants.Where((_, index) => index % SampleStride == 0).ToList();

        // Many variants share one compilation (the analyzer driver's start-up cost dominates otherwise); a batch that
        // reports an exception is re-run variant by variant to name the source that breaks an analyzer.
        var failures = new ConcurrentBag<string>();
        var batches = analysed.Chunk(40).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (batch, ct) =>
        {
            if (failures.Count > 0 || await RunAsync(baseCompilation, parseOptions, batch) is null)
            {
                return;
            }

            foreach (var variant in batch)
            {
                if (await RunAsync(baseCompilation, parseOptions, [variant]) is { } error)
                {
                    failures.Add(error + "\n--- source ---\n" + variant);
                    return;
                }
            }
        });

        Assert.True(failures.IsEmpty, $"analyzer exception(s) in {analysed.Count} variants:\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(variants.Count > 10 * TestSources.Length, $"only {variants.Count} variants built");
        Assert.True(analysed.Count > TestSources.Length, $"only {analysed.Count} variants analysed");
        _output.WriteLine(
            $"{TestSources.Length} sources, {analysed.Count} of {variants.Count} variants "
            + (FullSweep ? "(full sweep)" : $"(every {SampleStride}th; {FullSweepVariable}=1 runs all)")
            + $", {AnalyzerCatalog.Analyzers.Length} analyzers: no exception.");
    }

    /// <summary>Runs every analyzer over the sources; returns the first analyzer exception, or null.</summary>
    private static async Task<string?> RunAsync(CSharpCompilation baseCompilation, CSharpParseOptions parseOptions, IReadOnlyList<string> sources)
    {
        string? error = null;
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(SourceText.From(s), parseOptions, path: $"/variant{i}.cs"));
        var compilation = baseCompilation.AddSyntaxTrees(trees);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => error ??= $"{analyzer.GetType().Name} threw {exception}",
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AnalyzerCatalog.Analyzers, options).GetAnalyzerDiagnosticsAsync();
        return error ?? diagnostics.FirstOrDefault(d => d.Id == "AD0001")?.GetMessage();
    }
}
