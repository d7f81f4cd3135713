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
        var (coverage, problems) = await MeasureAsync(FixCorpus.References.AddRange(TestReferences.Runtime), "runtime referenced");
        Assert.Empty(problems);
        Assert.True(coverage >= 0.90, $"Only {coverage:P0} of the findings are offered a fix.");
    }

    [Fact]
    public async Task WithoutRuntime_InPlaceFixesAreStillOfferedAndSound()
    {
        var (_, problems) = await MeasureAsync(FixCorpus.References, "runtime not referenced", requireInPlace: true);
        Assert.Empty(problems);
    }

    /// <summary>
    /// Finding by finding: every in-place repair (one that emits no runtime type) offered when the runtime is referenced
    /// is offered just the same when it is not. Only the offers are compared here; their soundness without the runtime is
    /// what <see cref="WithoutRuntime_InPlaceFixesAreStillOfferedAndSound"/> checks.
    /// </summary>
    [Fact]
    public async Task WithoutRuntime_EveryInPlaceFixOfferedWithTheRuntimeIsOffered()
    {
        var withRuntime = FixHarness.Create(FixCorpus.Files, FixCorpus.References.AddRange(TestReferences.Runtime)).Project;
        var without = FixHarness.Create(FixCorpus.Files, FixCorpus.References).Project;
        var findingsWith = await FixHarness.AnalyzeAsync(withRuntime);
        var findingsWithout = await FixHarness.AnalyzeAsync(without);
        Assert.Equal(findingsWith.Select(Describe), findingsWithout.Select(Describe));

        var missing = new List<string>();
        var inPlaceOffers = 0;
        for (var i = 0; i < findingsWith.Length; i++)
        {
            var expected = (await FixHarness.GetActionsAsync(withRuntime, findingsWith[i])).Select(a => a.EquivalenceKey!).Where(IsInPlace).ToHashSet(StringComparer.Ordinal);
            var offered = (await FixHarness.GetActionsAsync(without, findingsWithout[i])).Select(a => a.EquivalenceKey!).ToHashSet(StringComparer.Ordinal);
            inPlaceOffers += expected.Count;
            missing.AddRange(expected.Except(offered).Select(key => $"{Describe(findingsWith[i])}: {key} is not offered without the runtime"));
        }

        _output.WriteLine($"{inPlaceOffers} in-place repairs offered with the runtime, {inPlaceOffers - missing.Count} of them without it.");
        Assert.Empty(missing);
        Assert.True(inPlaceOffers >= 25, $"The corpus exercises only {inPlaceOffers} in-place repairs.");

        static string Describe(Diagnostic d) => $"{d.Id} at {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}";
    }

    /// <summary>The repairs that need no JwtAnalyzers.Runtime type (the runtime rewrites of <c>JwtFixKind</c>).</summary>
    private static bool IsInPlace(string equivalenceKey)
        => equivalenceKey.Substring(equivalenceKey.IndexOf('.', StringComparison.Ordinal) + 1) is not
            ("LoadSigningKey" or "AddSigningCredentials" or "SignJoseWithConfiguredKey" or "ValidateInsteadOfRead" or "UseHardenedValidation"
             or "Redact" or "UseSecureTokenStore" or "RenameToHostCookie" or "RequireFromConfiguration" or "UseSafeTokenIssuer");

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
