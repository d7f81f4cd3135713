using System.Diagnostics;
using System.Globalization;
using JwtAnalyzers.Tests.FixCoverage;
using JwtAnalyzers.Tests.Verifiers;

// Light-bulb cost: for every finding of the realistic application, the time all fixes for its rule take to register
// their actions (RegisterCodeFixesAsync), after one warm-up pass, as the IDE pays it when the light bulb opens.
// Budget (issue 14): p90 under 50 ms per finding. Exit code 1 when the budget is exceeded.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
var harness = FixHarness.Create(FixCorpus.Files, FixCorpus.References.AddRange(TestReferences.Runtime));
var project = harness.Project;
var findings = await FixHarness.AnalyzeAsync(project);
foreach (var finding in findings)
{
    await FixHarness.GetActionsAsync(project, finding);
}

var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
var all = new List<double>();
for (var i = 0; i < iterations; i++)
{
    foreach (var finding in findings)
    {
        var elapsed = (await FixHarness.TimeRegistrationAsync(project, finding)).TotalMilliseconds;
        (samples.TryGetValue(finding.Id, out var list) ? list : samples[finding.Id] = new List<double>()).Add(elapsed);
        all.Add(elapsed);
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.OrderBy(v => v).ToList();
    var index = (int)Math.Ceiling(p * sorted.Count) - 1;
    return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
}

Console.WriteLine($"Fix registration time per finding ({findings.Length} findings x {iterations} iterations, {Environment.ProcessorCount} cores)");
Console.WriteLine("| rule | findings | p50 ms | p90 ms | max ms |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var (id, values) in samples.OrderBy(s => s.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {id} | {values.Count / iterations} | {Percentile(values, 0.5):F2} | {Percentile(values, 0.9):F2} | {values.Max():F2} |"));
}

var p90 = Percentile(all, 0.9);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all | {findings.Length} | {Percentile(all, 0.5):F2} | {p90:F2} | {all.Max():F2} |"));
Console.WriteLine(p90 < 50 ? "OK: p90 under the 50 ms budget." : "OVER BUDGET: p90 is 50 ms or more.");
return p90 < 50 ? 0 : 1;
