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
/// the rule tests, cut at each token boundary and with each token removed.
/// </summary>
public class RobustnessTests
{
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

        // Many variants share one compilation (the analyzer driver's start-up cost dominates otherwise); a batch that
        // reports an exception is re-run variant by variant to name the source that breaks an analyzer.
        var failures = new ConcurrentBag<string>();
        var batches = variants.Chunk(40).ToList();
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

        Assert.True(failures.IsEmpty, $"analyzer exception(s) in {variants.Count} variants:\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(variants.Count > 10 * TestSources.Length, $"only {variants.Count} variants analysed");
        _output.WriteLine($"{TestSources.Length} sources, {variants.Count} variants, {AnalyzerCatalog.Analyzers.Length} analyzers: no exception.");
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
