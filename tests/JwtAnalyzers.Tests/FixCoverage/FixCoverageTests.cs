using System.Collections.Immutable;
using System.Text;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace JwtAnalyzers.Tests.FixCoverage;

/// <summary>
/// Issue 14's measure: on a realistic multi-file application, how many findings are offered a fix, and is every
/// offered fix sound (it compiles with no new compiler diagnostic, removes its finding, adds no other finding).
/// The table of coverage per rule is written to the test output
/// (<c>dotnet test tests/JwtAnalyzers.Tests --filter FixCoverageTests --logger "console;verbosity=detailed"</c>).
/// </summary>
public class FixCoverageTests
{
    private readonly ITestOutputHelper _output;

    public FixCoverageTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task WithRuntime_AtLeast90PercentOfFindingsGetASoundFix()
    {
        var (coverage, problems) = await MeasureAsync(TestReferences.Default.AddRange(TestReferences.Runtime), "runtime referenced");
        Assert.Empty(problems);
        Assert.True(coverage >= 0.90, $"Only {coverage:P0} of the findings are offered a fix.");
    }

    [Fact]
    public async Task WithoutRuntime_InPlaceFixesAreStillOfferedAndSound()
    {
        var (_, problems) = await MeasureAsync(TestReferences.Default, "runtime not referenced", requireInPlace: true);
        Assert.Empty(problems);
    }

    private async Task<(double Coverage, List<string> Problems)> MeasureAsync(ImmutableArray<MetadataReference> references, string label, bool requireInPlace = false)
    {
        var harness = FixHarness.Create(FixCorpus.Files, references);
        var project = harness.Project;
        var compilerBefore = await FixHarness.CompilerProblemsAsync(project);
        Assert.DoesNotContain(compilerBefore, p => p.StartsWith("CS", StringComparison.Ordinal) && IsError(project, p));
        var findings = await FixHarness.AnalyzeAsync(project);
        Assert.NotEmpty(findings);

        var problems = new List<string>();
        var table = new SortedDictionary<string, (int Findings, int Fixed)>(StringComparer.Ordinal);
        var fixedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var actions = await FixHarness.GetActionsAsync(project, finding);
            var row = table.TryGetValue(finding.Id, out var r) ? r : (Findings: 0, Fixed: 0);
            table[finding.Id] = (row.Findings + 1, row.Fixed + (actions.Count > 0 ? 1 : 0));
            var where = $"{finding.Id} at {finding.Location.GetLineSpan().Path}:{finding.Location.GetLineSpan().StartLinePosition.Line + 1} ({finding.GetMessage()})";
            _output.WriteLine((actions.Count > 0 ? "fix   " : "NO FIX ") + where + (actions.Count > 0 ? " -> " + string.Join(" | ", actions.Select(a => a.EquivalenceKey)) : string.Empty));
            if (actions.Count > 0)
            {
                fixedIds.Add(finding.Id);
            }

            foreach (var action in actions)
            {
                if (action.EquivalenceKey is not { } key || !System.Text.RegularExpressions.Regex.IsMatch(key, @"^JWT\d{3}\.[A-Z][A-Za-z]+$") || !key.StartsWith(finding.Id + ".", StringComparison.Ordinal))
                {
                    problems.Add($"{where}: equivalence key '{action.EquivalenceKey}' is not '{finding.Id}.<Kind>'");
                }

                foreach (var problem in await FixHarness.CheckAsync(project, finding, action, findings, compilerBefore))
                {
                    problems.Add($"{where}: '{action.Title}' {problem}");
                }
            }
        }

        var report = new StringBuilder().AppendLine($"Fix coverage ({label}):").AppendLine("| rule | findings | with a fix |").AppendLine("|---|---|---|");
        foreach (var (id, (count, fixedCount)) in table)
        {
            report.AppendLine($"| {id} | {count} | {fixedCount} |");
        }

        var total = table.Values.Sum(v => v.Findings);
        var withFix = table.Values.Sum(v => v.Fixed);
        report.AppendLine($"| all | {total} | {withFix} ({(double)withFix / total:P0}) |");
        _output.WriteLine(report.ToString());
        foreach (var problem in problems)
        {
            _output.WriteLine("PROBLEM " + problem);
        }

        if (requireInPlace)
        {
            // The repairs that need no runtime: flags, skew, cookie options, 'none' removal, guards, the PII switch.
            foreach (var id in new[] { "JWT001", "JWT002", "JWT003", "JWT006", "JWT009", "JWT012", "JWT013", "JWT014", "JWT015", "JWT017" })
            {
                if (table.ContainsKey(id) && !fixedIds.Contains(id))
                {
                    problems.Add($"{id}: no in-place fix offered without the runtime");
                }
            }
        }

        return ((double)withFix / total, problems);
    }

    private static bool IsError(Project project, string problem)
        => project.GetCompilationAsync().Result!.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && problem.StartsWith(d.Id + ": " + d.GetMessage(), StringComparison.Ordinal));
}
