using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Tests.FixCoverage;

/// <summary>
/// Runs every JwtAnalyzers analyzer on a project, asks every fix for its actions on each finding, and applies each
/// action: the result must compile with no new error or warning, the finding must be gone and no other finding may
/// appear. Shared by <c>FixCoverageTests</c> and the light-bulb benchmark.
/// </summary>
public sealed class FixHarness
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers = typeof(JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private static readonly ImmutableArray<CodeFixProvider> s_fixes = typeof(JwtAnalyzers.CodeFixes.Internal.JwtCodeFixProvider).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private FixHarness(Project project) => Project = project;

    public Project Project { get; }

    /// <summary>A project of <paramref name="files"/> against <paramref name="references"/>, with the opt-in rules enabled.</summary>
    public static FixHarness Create(IEnumerable<(string Name, string Text)> files, IEnumerable<MetadataReference> references)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["JWT015"] = ReportDiagnostic.Warn });
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Shop.Api", "Shop.Api", LanguageNames.CSharp,
            compilationOptions: options,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        foreach (var (name, text) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, SourceText.From(text), filePath: "/app/" + name);
        }

        return new FixHarness(solution.GetProject(projectId)!);
    }

    /// <summary>The JWT findings of <paramref name="project"/>; throws on compiler errors or an analyzer exception (AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var withAnalyzers = compilation.WithAnalyzers(s_analyzers, new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        var crash = diagnostics.FirstOrDefault(d => d.Id == "AD0001");
        if (crash is not null)
        {
            throw new InvalidOperationException("Analyzer exception: " + crash.GetMessage());
        }

        return diagnostics.Where(d => d.Id.StartsWith("JWT", StringComparison.Ordinal)).OrderBy(d => d.Location.SourceTree?.FilePath).ThenBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>
    /// Compiler errors and warnings of <paramref name="project"/>, as "id: message" strings. CS1701/CS1702 (assembly
    /// unification of the runtime's net8.0 references with the net10.0 reference pack) are left out, as the .NET SDK
    /// does by default (<c>NoWarn</c> 1701;1702).
    /// </summary>
    public static async Task<List<string>> CompilerProblemsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id is not ("CS1701" or "CS1702"))
            .Select(d => d.Id + ": " + d.GetMessage())
            .ToList();
    }

    /// <summary>The actions every fix registers for <paramref name="diagnostic"/>.</summary>
    public static async Task<List<CodeAction>> GetActionsAsync(Project project, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var document = project.GetDocument(diagnostic.Location.SourceTree);
        if (document is null)
        {
            return actions;
        }

        foreach (var fix in s_fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None)).ConfigureAwait(false);
        }

        return actions;
    }

    /// <summary>The time the fixes take to register their actions for <paramref name="diagnostic"/> (what the light bulb waits for).</summary>
    public static async Task<TimeSpan> TimeRegistrationAsync(Project project, Diagnostic diagnostic)
    {
        var stopwatch = Stopwatch.StartNew();
        await GetActionsAsync(project, diagnostic).ConfigureAwait(false);
        return stopwatch.Elapsed;
    }

    /// <summary>Applies <paramref name="action"/>; returns the problems found (empty when the fix is sound).</summary>
    public static async Task<List<string>> CheckAsync(Project project, Diagnostic diagnostic, CodeAction action, ImmutableArray<Diagnostic> before, List<string> compilerBefore)
    {
        var problems = new List<string>();
        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault();
        if (apply is null)
        {
            problems.Add("no ApplyChangesOperation");
            return problems;
        }

        var changed = apply.ChangedSolution.GetProject(project.Id)!;
        if (!changed.Documents.Any(d => !d.GetTextAsync().Result.ContentEquals(project.GetDocument(d.Id)!.GetTextAsync().Result)))
        {
            problems.Add("changes nothing");
            return problems;
        }

        var compilerAfter = await CompilerProblemsAsync(changed).ConfigureAwait(false);
        foreach (var added in Subtract(compilerAfter, compilerBefore))
        {
            problems.Add("new compiler diagnostic " + added);
        }

        var after = await AnalyzeAsync(changed).ConfigureAwait(false);
        var countBefore = before.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        var countAfter = after.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
        if (countAfter.GetValueOrDefault(diagnostic.Id) >= countBefore.GetValueOrDefault(diagnostic.Id))
        {
            problems.Add("the finding is still there");
        }

        foreach (var (id, count) in countAfter)
        {
            if (id != diagnostic.Id && count > countBefore.GetValueOrDefault(id))
            {
                problems.Add("new finding " + id + ": " + after.First(d => d.Id == id).GetMessage());
            }
        }

        return problems;
    }

    private static IEnumerable<string> Subtract(List<string> after, List<string> before)
    {
        var remaining = before.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        foreach (var item in after)
        {
            if (remaining.TryGetValue(item, out var count) && count > 0)
            {
                remaining[item] = count - 1;
            }
            else
            {
                yield return item;
            }
        }
    }
}
